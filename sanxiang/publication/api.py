"""API of publication: staff endpoints under /api/v1/publication (token), open data under
/api/v1/public/publication (no token; PUB-01 governs content). Same services as the staff pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.utils import timezone
from ninja import Body, Router, Schema

from sanxiang.cases.services import form_data
from sanxiang.core.errors import DomainError, InvalidInput

from . import search, selectors, serialize, services
from .choices import PublicationStatus
from .forms import SearchForm

router = Router(tags=["执法决定公开（事后）"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["执法决定公开（事后）（公开）"], auth=None)
Payload = dict[str, Any]
MAX_PAGE_SIZE = 100
OPTIONAL_BODY = Body(None)  # a JSON object, or nothing


class Gone(DomainError):
    status = 410
    code = "gone"


# --- staff --------------------------------------------------------------------------------------


class AlertOut(Schema):
    publication: str
    case_number: str
    deadline: str
    rule: str
    due_date: datetime.date
    light: str
    days_left: int


def _record(p, detail: bool = False) -> dict:
    out = {
        "id": str(p.public_id),
        "body": p.body.short_name,
        "kind": p.kind,
        "status": p.status,
        "status_label": p.get_status_display(),
        "document_number": p.document_number,
        "decision_date": p.decision_date.isoformat(),
        "due_date": p.due_date.isoformat(),
        "due_rule": p.due_rule,
        "blocked_reason": p.blocked_reason,
        "published_on": p.published_on.isoformat() if p.published_on else None,
        "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        "withdrawal_due": p.withdrawal_due.isoformat() if p.withdrawal_due else None,
        "withdrawn_on": p.withdrawn_on.isoformat() if p.withdrawn_on else None,
        "ledger_index": p.ledger_index,
    }
    if detail:
        out["versions"] = [
            {
                "number": v.number,
                "state": v.state,
                "reason": v.reason,
                "source_text": v.source_text,
                "text": v.text,
                "redactions": v.redactions,
                "kept": v.kept,
                "party_label": v.party_label,
                "text_sha256": v.text_sha256,
                "decision_note": v.decision_note,
            }
            for v in p.versions.all()
        ]
        out["removals"] = [
            {"id": r.pk, "status": r.status, "rule": r.rule, "requested_on": r.requested_on.isoformat()}
            for r in p.removals.all()
        ]
    return out


def _obj(payload) -> dict:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise InvalidInput("请求内容应为 JSON 对象")
    return payload


def _pk(request, public_id: str) -> int:
    return selectors.publication_by_public_id(request.auth, public_id).pk


@router.get("/publication/records", summary="公开记录列表（本机关）")
def record_list(request, status: str = "", page: int = 1):
    if status and status not in PublicationStatus.values:
        raise InvalidInput("状态不正确", fields={"status": ["状态不正确"]})
    rows = Paginator(selectors.publication_list(request.auth, status=status), 50).get_page(page)
    return {"count": rows.paginator.count, "page": rows.number, "results": [_record(p) for p in rows]}


@router.get("/publication/records/{public_id}", summary="公开记录详情（含送达文本与隐去记录）")
def record_detail(request, public_id: str):
    return _record(selectors.publication_by_public_id(request.auth, public_id), detail=True)


def _text(payload, key: str) -> str:
    value = _obj(payload).get(key, "")
    if not isinstance(value, str):
        raise InvalidInput(f"{key} 应为文本", fields={key: ["应为文本"]})
    return value


@router.post("/publication/records/{public_id}/redactions", summary="增加隐去")
def add_redaction(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.add_redaction(request.auth, _pk(request, public_id), _text(payload, "phrase"))
    return record_detail(request, public_id)


@router.delete("/publication/records/{public_id}/redactions/{position}", summary="取消一处隐去（经审查保留）")
def remove_redaction(request, public_id: str, position: int):
    services.remove_redaction(request.auth, _pk(request, public_id), position)
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/submit", summary="提交审批")
def submit(request, public_id: str):
    services.submit(request.auth, _pk(request, public_id))
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/approve", summary="负责人审批并公开")
def approve(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.approve(request.auth, _pk(request, public_id), _text(payload, "note"))
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/reject", summary="退回修改")
def reject(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.reject(request.auth, _pk(request, public_id), _text(payload, "note"))
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/withdraw", summary="撤回公开（DISC-05）")
def withdraw(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.withdraw(request.auth, _pk(request, public_id), _text(payload, "reason"))
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/revise", summary="生成新版本")
def revise(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.revise(request.auth, _pk(request, public_id), _text(payload, "reason"))
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/block", summary="不予公开（DISC-11）")
def block(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.block(request.auth, _pk(request, public_id), _text(payload, "reason"))
    return record_detail(request, public_id)


@router.post("/publication/records/{public_id}/removals", summary="登记提前移除申请（信用修复）")
def request_removal(request, public_id: str, payload: Payload | None = OPTIONAL_BODY):
    services.request_early_removal(request.auth, _pk(request, public_id), _text(payload, "reason"))
    return record_detail(request, public_id)


@router.post("/publication/removals/{removal_id}/decide", summary="审批提前移除申请")
def decide_removal(request, removal_id: int, payload: Payload | None = OPTIONAL_BODY):
    data = _obj(payload)
    accept = data.get("accept")
    if not isinstance(accept, bool):
        raise InvalidInput("accept 应为 true 或 false", fields={"accept": ["应为 true 或 false"]})
    removal = services.decide_early_removal(request.auth, removal_id, accept, _text(payload, "note"))
    return {"id": removal.pk, "status": removal.status}


@router.get("/publication/alerts", response=list[AlertOut], summary="公开与撤回期限预警")
def alerts(request):
    rows = selectors.deadline_alerts(request.auth, timezone.localdate())
    return [
        {
            "publication": str(a.status.deadline.publication.public_id),
            "case_number": a.case.display_number,
            "deadline": a.status.deadline.get_kind_display(),
            "rule": a.status.deadline.rule,
            "due_date": a.status.deadline.due_date,
            "light": a.status.light,
            "days_left": a.status.days_left,
        }
        for a in rows
    ]


# --- open data ----------------------------------------------------------------------------------


@public_router.get("/publication/decisions", summary="已公开的执法决定（开放数据）", auth=None)
def decisions(
    request,
    q: str = "",
    body: int | None = None,
    kind: str = "",
    start: str = "",
    end: str = "",
    page: int = 1,
    page_size: int = 20,
):
    form = SearchForm(form_data({"q": q, "body": body, "kind": kind, "start": start, "end": end}))
    if not form.is_valid():
        raise InvalidInput("查询条件有误", fields={k: [str(m) for m in v] for k, v in form.errors.items()})
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    entries = selectors.search_decisions(timezone.localdate(), **form.filters())
    found = search.CappedPaginator(entries, page_size).get_page(page)
    rows = [serialize.public_row(p, v) for p, v in selectors.with_versions(found.object_list) if v]
    return {
        "licence": serialize.licence(),
        "count": found.paginator.count,
        "count_capped": found.paginator.capped,  # True: at least `count` decisions match
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": rows,
    }


@public_router.get(
    "/publication/decisions/{public_id}", summary="一项已公开的执法决定（含全文与日志核验信息）", auth=None
)
def decision(request, public_id: str):
    publication = selectors.public_decision(public_id)
    if not selectors.is_live(publication, timezone.localdate()):
        if publication.status == PublicationStatus.WITHDRAWN:
            raise Gone(f"该决定已撤回：{publication.withdrawal_reason}", code="withdrawn")
        raise Gone("该决定已停止公示", code="ended")
    version = selectors.published_version(publication)
    return {
        "licence": serialize.licence(),
        **serialize.public_row(publication, version),
        "text": version.text,
        "text_sha256": version.text_sha256,
        "text_sm3": version.text_sm3,
        "ledger": selectors.publish_receipt(publication),
    }
