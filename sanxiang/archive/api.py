"""API of the electronic case file, mounted under /api/v1 by the api app."""

from __future__ import annotations

from ninja import Router, Schema

from . import selectors, services
from .choices import Channel
from .http import client_ip, zip_response

router = Router(tags=["电子卷宗"])


class ExportOut(Schema):
    id: str
    created_at: str
    actor: str
    channel: str
    file_name: str
    manifest_sha256: str
    manifest_sm3: str
    tree_size: int
    root_hash: str
    documents: int
    evidence: int
    entries: int
    content_bytes: int
    ledger_index: int


def _export_json(export) -> dict:
    return {
        "id": str(export.public_id),
        "created_at": export.created_at.isoformat(),
        "actor": str(export.actor),
        "channel": export.channel,
        "file_name": export.file_name,
        "manifest_sha256": export.manifest_sha256,
        "manifest_sm3": export.manifest_sm3,
        "tree_size": export.tree_size,
        "root_hash": export.root_hash,
        "documents": export.documents,
        "evidence": export.evidence,
        "entries": export.entries,
        "content_bytes": export.content_bytes,
        "ledger_index": export.ledger_index,
    }


@router.post(
    "/cases/{case_id}/archive",
    summary="导出电子卷宗（ZIP，流式下载）",
    description="记录导出（日志 archive.exported、证据调阅记录“导出”）后流式返回 ZIP；"
    "可选查询参数 reason（导出事由）。响应头 X-Archive-Export 为导出编号，X-Archive-Manifest-SHA256 为清单哈希。",
    response={200: None},
)
def export_archive(request, case_id: str, reason: str = ""):
    case = selectors.case_for(request.auth, case_id)
    prepared = services.export_case(
        request.auth,
        case,
        reason=reason.strip()[:200],
        channel=Channel.API,
        ip=client_ip(request),
    )
    return zip_response(prepared)


@router.get("/cases/{case_id}/archive/exports", response=list[ExportOut], summary="电子卷宗导出记录")
def list_exports(request, case_id: str):
    case = selectors.case_for(request.auth, case_id)
    return [_export_json(e) for e in selectors.exports_of(request.auth, case)]
