"""/api/v1 endpoints for documents: the same services and selectors as the staff UI."""

from __future__ import annotations

import datetime
import json
from typing import Any

from ninja import Body, Router, Schema, Status

from sanxiang.core.errors import InvalidInput

from . import selectors, services
from .models import Document, Signature
from .views import file_response

router = Router(tags=["执法文书"])


class SignatureOut(Schema):
    id: int
    role: str
    role_label: str
    outcome: str
    outcome_label: str
    signer_name: str
    witness_name: str
    signed_at: datetime.datetime
    scan_sha256: str
    scan_sm3: str
    ledger_index: int


class DocumentOut(Schema):
    id: str
    case: str
    kind: str
    title: str
    number: str
    reference: str
    status: str
    issued_on: datetime.date
    issued_at: datetime.datetime
    transition: str
    corrects: str | None
    corrected_by: list[str]
    correction_reason: str
    template_version: int
    template_sha256: str
    docx_sha256: str
    docx_sm3: str
    docx_size: int
    pdf_sha256: str
    pdf_sm3: str
    pdf_size: int
    ledger_index: int
    signatures: list[SignatureOut]


def signature_out(s: Signature) -> dict:
    return {
        "id": s.pk,
        "role": s.role,
        "role_label": s.get_role_display(),
        "outcome": s.outcome,
        "outcome_label": s.get_outcome_display(),
        "signer_name": s.signer_name,
        "witness_name": s.witness_name,
        "signed_at": s.signed_at,
        "scan_sha256": s.scan_sha256,
        "scan_sm3": s.scan_sm3,
        "ledger_index": s.ledger_index,
    }


def document_out(d: Document) -> dict:
    return {
        "id": str(d.public_id),
        "case": str(d.case.public_id),
        "kind": d.kind,
        "title": d.title,
        "number": d.number,
        "reference": d.reference,
        "status": d.status,
        "issued_on": d.issued_on,
        "issued_at": d.issued_at,
        "transition": d.event.transition if d.event_id else "",
        "corrects": str(d.corrects.public_id) if d.corrects_id else None,
        "corrected_by": [str(c.public_id) for c in d.corrections.all()],
        "correction_reason": d.correction_reason,
        "template_version": d.template_version,
        "template_sha256": d.template_sha256,
        "docx_sha256": d.docx_sha256,
        "docx_sm3": d.docx_sm3,
        "docx_size": d.docx_size,
        "pdf_sha256": d.pdf_sha256,
        "pdf_sm3": d.pdf_sm3,
        "pdf_size": d.pdf_size,
        "ledger_index": d.ledger_index,
        "signatures": [signature_out(s) for s in d.signatures.all()],
    }


def _detail(user, document: Document) -> dict:
    return document_out(selectors.document_detail(user, pk=document.pk))


@router.get("/cases/{case_id}/documents", response=list[DocumentOut], summary="案件的执法文书")
def list_documents(request, case_id: str):
    case = selectors.case_by_public_id(request.user, case_id)
    _case, documents = selectors.case_documents(request.user, case.pk)
    return [document_out(d) for d in documents]


@router.post(
    "/cases/{case_id}/documents",
    response={201: DocumentOut},
    summary="制作文书（现场检查笔录、询问笔录、送达回证）",
)
def create_document(request, case_id: str, payload: dict[str, Any] = Body(...)):  # noqa: B008
    case = selectors.case_by_public_id(request.user, case_id)
    fields = dict(payload)
    kind = fields.pop("kind", None)
    if not isinstance(kind, str) or not kind:
        raise InvalidInput("请指定文书种类", fields={"kind": ["请指定文书种类"]})
    document = services.issue_document(request.user, case, kind, fields)
    return Status(201, _detail(request.user, document))


@router.get("/documents/{document_id}", response=DocumentOut, summary="文书信息和哈希值")
def get_document(request, document_id: str):
    return document_out(selectors.document_by_public_id(request.user, document_id))


@router.get("/documents/{document_id}/file", summary="下载文书（PDF 或 Word），下载前校验哈希值")
def get_file(request, document_id: str, format: str = "pdf"):  # noqa: A002 - the public parameter name
    document = selectors.document_by_public_id(request.user, document_id)
    document, data = services.document_file(request.user, document, format)
    return file_response(document, data, format)


@router.post("/documents/{document_id}/signatures", response={201: SignatureOut}, summary="登记签名或拒签")
def add_signature(request, document_id: str):
    """multipart/form-data with the scan in `scan`, or JSON for a refusal without a scan."""
    document = selectors.document_by_public_id(request.user, document_id)
    if request.content_type == "application/json":
        try:
            data, files = json.loads(request.body or b"{}"), None
        except ValueError:
            raise InvalidInput("请求内容不是有效的 JSON") from None
    else:
        data, files = request.POST, request.FILES
    signature = services.sign_document(request.user, document, data, files)
    return Status(201, signature_out(signature))


class CorrectionIn(Schema):
    reason: str = ""
    fields: dict[str, Any] = {}


@router.post("/documents/{document_id}/corrections", response={201: DocumentOut}, summary="更正文书")
def correct_document(request, document_id: str, payload: CorrectionIn):
    document = selectors.document_by_public_id(request.user, document_id)
    new = services.correct_document(request.user, document, payload.reason, payload.fields)
    return Status(201, _detail(request.user, new))
