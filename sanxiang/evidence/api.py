"""/api/v1 endpoints for evidence: the chunked upload protocol, case files, reads and devices.

Mounted at "/" by sanxiang.api.main. The chunk PUT/PATCH reads the body itself in 64 KiB blocks
(`request.read`), which ninja allows because the operation declares no body parameter; reads
stream a StreamingHttpResponse, which ninja passes through. Originals cannot be changed or
deleted: PUT, PATCH and DELETE on /evidence/{id} answer 405 (EVD-02).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from ninja import Body, Router, Schema, Status

from sanxiang.core.errors import InvalidInput

from . import output, selectors, services
from .choices import AV_KINDS, CustodyAction
from .errors import MethodNotAllowed
from .http import serve

router = Router(tags=["证据与音像记录"])


class SessionOut(Schema):
    id: str
    case: str
    step: str
    name: str
    kind: str
    size: int
    offset: int
    state: str
    expires_at: datetime.datetime
    evidence: str | None
    upload_url: str


class EvidenceOut(Schema):
    id: str
    case: str
    step: str
    step_label: str
    event: int | None
    kind: str
    kind_label: str
    name: str
    content_type: str
    size: int
    sha256: str
    sm3: str
    status: str
    status_label: str
    device: str | None
    recorded_by: str | None
    recorded_start: datetime.datetime | None
    recorded_end: datetime.datetime | None
    place: str
    description: str
    uploaded_by: str
    uploaded_at: datetime.datetime
    derived_from: str | None
    derivation: str
    verified_at: datetime.datetime | None
    retain_until: datetime.date | None
    retention: str
    content_url: str
    download_url: str
    thumbnail_url: str
    page_url: str


class CustodyOut(Schema):
    action: str
    action_label: str
    actor: str
    at: datetime.datetime
    reason: str
    ip: str | None
    byte_range: str
    ledger_index: int | None


class FlagOut(Schema):
    rule: str
    step: str
    message: str


class DeviceOut(Schema):
    id: str
    number: str
    kind: str
    kind_label: str
    model: str
    status: str
    status_label: str
    assigned_officer: str | None


class RatioOut(Schema):
    officers: int
    devices: int
    officers_per_device: int
    required: int
    met: bool
    message: str


class RegistryOut(Schema):
    body: str
    ratio: RatioOut
    devices: list[DeviceOut]


JsonBody = dict[str, Any]


# --- upload protocol ---------------------------------------------------------------------------


@router.post("/evidence/uploads", response={201: SessionOut}, summary="创建分片上传会话")
def create_upload(request, response: HttpResponse, payload: JsonBody = Body(...)):  # noqa: B008
    """Body: case (案件 id), step, filename, size; optional sha256, kind, device, recorded_by,
    recorded_start, recorded_end, place, description, derived_from + derivation (副本)."""
    if not isinstance(payload, dict) or "case" not in payload:
        raise InvalidInput("须指定案件", fields={"case": ["必填"]})
    session = services.create_session(request.auth, payload["case"], payload)
    output.upload_headers(response, session)
    response["Location"] = output.session_json(session)["upload_url"]
    return Status(201, output.session_json(session))


@router.get("/evidence/uploads/{upload_id}", response=SessionOut, summary="查询上传进度（断点续传）")
def upload_status(request, upload_id: str, response: HttpResponse):
    session = services.session_for(request.auth, upload_id)
    output.upload_headers(response, session)
    return output.session_json(session)


@router.api_operation(
    ["HEAD"], "/evidence/uploads/{upload_id}", summary="查询已接收字节数（Upload-Offset 头）"
)
def upload_head(request, upload_id: str):
    session = services.session_for(request.auth, upload_id)
    head = HttpResponse(status=200)
    output.upload_headers(head, session)
    return head


@router.api_operation(
    ["PUT", "PATCH"], "/evidence/uploads/{upload_id}", response=SessionOut, summary="上传一个分片"
)
def upload_chunk(request, upload_id: str, response: HttpResponse):
    """Headers: `Upload-Offset: N` or `Content-Range: bytes a-b/total`, and Content-Length.
    The body is the raw bytes. A chunk that does not start at the current offset answers 409."""
    length = request.META.get("CONTENT_LENGTH")
    session = services.receive_chunk(
        request.auth,
        upload_id,
        request,
        length=int(length) if length and length.isdigit() else None,
        offset=request.headers.get("Upload-Offset"),
        content_range=request.headers.get("Content-Range"),
    )
    output.upload_headers(response, session)
    return output.session_json(session)


@router.post("/evidence/uploads/{upload_id}/complete", response={201: EvidenceOut}, summary="完成上传并入库")
def complete_upload(request, upload_id: str):
    evidence = services.complete_session(request.auth, upload_id)
    return Status(201, output.evidence_json(selectors.evidence_for(request.auth, evidence.public_id)))


@router.delete("/evidence/uploads/{upload_id}", response={204: None}, summary="取消上传")
def abort_upload(request, upload_id: str):
    services.abort_session(request.auth, upload_id)
    return Status(204, None)


# --- case files ----------------------------------------------------------------------------------


@router.get("/cases/{case_id}/evidence", response=list[EvidenceOut], summary="案件的证据与音像记录")
def case_evidence(request, case_id: str, step: str = ""):
    case = selectors.case_for(request.auth, case_id=case_id)
    files = selectors.case_evidence(request.auth, case)
    if step:
        files = files.filter(step=step)
    return [output.evidence_json(e) for e in files]


@router.get(
    "/cases/{case_id}/evidence/flags", response=list[FlagOut], summary="音像记录提示（REC-01/02/04/05）"
)
def case_flags(request, case_id: str):
    case = selectors.case_for(request.auth, case_id=case_id)
    return [output.flag_json(f) for f in selectors.av_flags(case)]


@router.get("/evidence/{evidence_id}", response=EvidenceOut, summary="证据元数据")
def evidence_detail(request, evidence_id: str):
    return output.evidence_json(selectors.evidence_for(request.auth, evidence_id))


@router.api_operation(["PUT", "PATCH", "DELETE"], "/evidence/{evidence_id}", summary="原件只读（405）")
def evidence_is_write_once(request, evidence_id: str):
    selectors.evidence_for(request.auth, evidence_id)  # another body's file stays a 404
    raise MethodNotAllowed("证据原件写入后不可修改或删除（EVD-02）；如需打码或转码，请上传副本")


@router.get("/evidence/{evidence_id}/custody", response=list[CustodyOut], summary="调阅记录（保管链）")
def evidence_custody(request, evidence_id: str):
    evidence = selectors.evidence_for(request.auth, evidence_id)
    return [output.custody_json(c) for c in selectors.custody_log(request.auth, evidence)]


@router.get("/evidence/{evidence_id}/derivatives", response=list[EvidenceOut], summary="副本（打码、转码）")
def evidence_derivatives(request, evidence_id: str):
    evidence = selectors.evidence_for(request.auth, evidence_id)
    return [output.evidence_json(e) for e in selectors.derivatives_of(request.auth, evidence)]


@router.get("/evidence/{evidence_id}/content", summary="在线查看/播放（支持 Range）")
def evidence_content(request, evidence_id: str):
    evidence = selectors.evidence_for(request.auth, evidence_id)
    action = CustodyAction.PLAYED if evidence.kind in AV_KINDS else CustodyAction.VIEWED
    return serve(request, request.auth, evidence, action, attachment=False)


@router.get("/evidence/{evidence_id}/download", summary="下载原件（可附 reason 调阅事由）")
def evidence_download(request, evidence_id: str):
    evidence = selectors.evidence_for(request.auth, evidence_id)
    return serve(request, request.auth, evidence, CustodyAction.DOWNLOADED, attachment=True)


@router.get("/evidence/{evidence_id}/thumbnail", summary="图片缩略图")
def evidence_thumbnail(request, evidence_id: str):
    evidence = selectors.evidence_for(request.auth, evidence_id)
    data = services.thumbnail(evidence)
    if data is None:
        return HttpResponse(status=204)
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- devices -----------------------------------------------------------------------------------


@router.get("/bodies/{body_id}/devices", response=RegistryOut, summary="音像记录设备台账与配备比例（R12）")
def device_registry(request, body_id: str):
    body = selectors.body_for_registry(request.auth, body_id)
    return {
        "body": body.name,
        "ratio": output.ratio_json(selectors.recorder_ratio(body)),
        "devices": [output.device_json(d) for d in selectors.devices_of(body)],
    }


@router.post("/bodies/{body_id}/devices", response={201: DeviceOut}, summary="登记音像记录设备")
def register_device(request, body_id: str, payload: JsonBody = Body(...)):  # noqa: B008
    body = selectors.body_for_registry(request.auth, body_id)
    return Status(201, output.device_json(services.register_device(request.auth, body, payload)))


@router.patch("/devices/{device_id}", response=DeviceOut, summary="变更设备状态或使用人")
def change_device(request, device_id: str, payload: JsonBody = Body(...)):  # noqa: B008
    device = selectors.device_for(request.auth, device_id)
    return output.device_json(services.change_device(request.auth, device, payload))


@router.put("/bodies/{body_id}/recorder-policy", response=RatioOut, summary="设置执法记录仪配备标准（R12）")
def recorder_policy(request, body_id: str, payload: JsonBody = Body(...)):  # noqa: B008
    body = selectors.body_for_registry(request.auth, body_id)
    services.set_recorder_policy(request.auth, body, payload)
    return output.ratio_json(selectors.recorder_ratio(body))
