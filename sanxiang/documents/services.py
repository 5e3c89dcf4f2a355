"""Every write of the documents domain: issuing, correcting, signing, templates; verified reads.

Issuing runs inside the caller's transaction (a transition's, or its own): number, render, hash,
ledger entry, row, and the files staged for after commit. A failure anywhere rolls all of it
back, so no number is consumed and no file is written (blobs.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import filetype
from django.db import transaction
from django.utils import timezone

from sanxiang.cases.choices import CaseState
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.cases.services import form_data
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody
from sanxiang.orgs.services import next_number

from . import blobs, kinds, rendering
from .choices import DocumentKind, DocumentStatus, SignatureOutcome
from .context import Inputs, build, clean, sample
from .forms import MANUAL_FORMS, SignatureForm
from .models import Document, DocumentTemplate, Signature
from .rendering import defaults
from .rendering import docx as docx_rendering

SYSTEM = "system:documents"
CLOSED_STATES = frozenset({CaseState.CLOSED, CaseState.ARCHIVED})
MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Shown values a correction may replace; identity (number, agency, date) never changes.
FIXED_KEYS = frozenset({"title", "agency", "number", "reference", "case_number", "clue_number", "date"})


def _validated(form) -> dict:
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form.cleaned_data


def _kind(code: str) -> kinds.Kind:
    if code not in kinds.KINDS:
        raise InvalidInput(f"未知的文书种类：{code}", fields={"kind": [f"未知的文书种类：{code}"]})
    return kinds.KINDS[code]


def _payload(doc: Document, **extra) -> dict:
    """Ledger payload: identifiers and hashes only, never names or ID numbers (AUD-01)."""
    return {
        "case": str(doc.case.public_id),
        "document": str(doc.public_id),
        "kind": doc.kind,
        "number": doc.number,
        "docx_sha256": doc.docx_sha256,
        "docx_sm3": doc.docx_sm3,
        "pdf_sha256": doc.pdf_sha256,
        "pdf_sm3": doc.pdf_sm3,
        "template_version": doc.template_version,
        "template_sha256": doc.template_sha256,
        **extra,
    }


def _append(kind: str, subject: str, payload: dict, actor) -> int:
    entry = ledger_append(
        kind,
        subject_type="document",
        subject_id=subject,
        payload=payload,
        actor=actor,
        actor_label="" if actor else SYSTEM,
    )
    return entry.index


# --- templates ------------------------------------------------------------------------------------


def current_template(body: EnforcementBody, code: str) -> tuple[DocumentTemplate | None, bytes, str]:
    """The body's latest version of a kind's template, else the shipped default."""
    row = DocumentTemplate.objects.filter(body=body, kind=code).order_by("-version").first()
    if row is None:
        data, sha256 = defaults.load(code)
        return None, data, sha256
    return row, template_bytes(row), row.sha256


def template_bytes(row: DocumentTemplate) -> bytes:
    data = blobs.read(row.file_name)
    if data is None or blobs.digest(data).sha256 != row.sha256:
        raise rendering.RenderFailed(f"{row}的文件缺失或校验失败，请管理员重新上传模板")
    return data


def may_manage_templates(user, body: EnforcementBody) -> bool:
    return access.can(user, perm.ORGS_MANAGE, body.pk) or access.can(user, perm.CASE_DECIDE, body.pk)


def check_template(code: str, data: bytes, *, dry_run: bool = True) -> list[str]:
    """Refuse anything that is not a .docx this kind can fill (InvalidInput, in Chinese); the variables.

    `dry_run` also fills the template with sample values, catching what only rendering finds.
    """
    kind = _kind(code)
    docx_rendering.check_package(data)
    used = docx_rendering.variables(data)
    unknown = sorted(used - kind.keys)
    if unknown:
        message = f"模板中含有“{kind.title}”不支持的变量：{'、'.join(unknown)}。可用变量见 docs/documents.md"
        raise InvalidInput(message, fields={"file": [message]}, code="unknown_variables")
    missing = [item.replace("|", " 或 ") for item in kind.required if not set(item.split("|")) & used]
    if missing:
        message = f"模板缺少“{kind.title}”的必备内容：{'、'.join(missing)}"
        raise InvalidInput(message, fields={"file": [message]}, code="missing_variables")
    try:
        if dry_run:
            docx_rendering.render(data, sample(kind))
    except Exception as exc:
        message = f"模板无法填充：{exc}"
        raise InvalidInput(message, fields={"file": [message]}) from None
    return sorted(used)


def upload_template(body: EnforcementBody, kind: str, file, actor, note: str = "") -> DocumentTemplate:
    """A body's own version of a kind's template; earlier versions stay (documents name theirs)."""
    if not may_manage_templates(actor, body):
        raise Forbidden("您没有管理该执法主体文书模板的权限")
    data = file if isinstance(file, bytes) else file.read()
    variables = check_template(kind, data)
    found = blobs.digest(data)
    with transaction.atomic():
        version = next_number(body, f"template:{kind}", 0)
        row = DocumentTemplate(
            body=body,
            kind=kind,
            version=version,
            file_name=blobs.name_for("templates", found.sha256, "docx"),
            original_name=str(getattr(file, "name", ""))[:200],
            sha256=found.sha256,
            size=found.size,
            variables=variables,
            note=note,
            uploaded_by=actor,
        )
        payload = {
            "body": body.credit_code,
            "kind": kind,
            "version": version,
            "sha256": found.sha256,
            "sm3": found.sm3,
        }
        row.ledger_index = ledger_append(
            "document.template_uploaded",
            subject_type="document_template",
            subject_id=f"{body.pk}:{kind}:{version}",
            payload=payload,
            actor=actor,
        ).index
        row.save()
        blobs.stage(row.file_name, data)
    return row


# --- issuing --------------------------------------------------------------------------------------


def _number(case: Case, kind: kinds.Kind, day: datetime.date) -> str:
    if kind.number_from == "decision":
        return case.decision_number or ""
    if not kind.mark:
        return ""
    serial = next_number(case.body, f"doc:{kind.code}", day.year)
    return f"{case.body.short_name}{kind.mark}〔{day.year}〕{serial}号"


@dataclass
class Issue:
    case: Case
    kind: kinds.Kind
    day: datetime.date
    actor: object = None
    event: CaseEvent | None = None
    extra: dict | None = None
    context: dict | None = None  # a correction brings its own
    corrects: Document | None = None
    reason: str = ""


def _issue(issue: Issue) -> Document:
    """Number, fill, render, hash, log and stage one document, in the caller's transaction."""
    case, kind = issue.case, issue.kind
    number = issue.corrects.number if issue.corrects else _number(case, kind, issue.day)
    context = issue.context or build(
        kind, Inputs(case, issue.day, issue.actor, issue.event, issue.extra or {}), number
    )
    template, template_bytes, template_sha256 = current_template(case.body, kind.code)
    rendered = rendering.render(kind, context, template_bytes)
    docx, pdf = blobs.digest(rendered.docx), blobs.digest(rendered.pdf)
    doc = Document(
        case=case,
        kind=kind.code,
        number=number,
        issued_on=issue.day,
        issued_at=timezone.now(),
        issued_by=issue.actor,
        event=issue.event,
        corrects=issue.corrects,
        correction_reason=issue.reason,
        context=context,
        template=template,
        template_version=template.version if template else 0,
        template_sha256=template_sha256,
        docx_name=blobs.name_for("docx", docx.sha256, "docx"),
        docx_sha256=docx.sha256,
        docx_sm3=docx.sm3,
        docx_size=docx.size,
        pdf_name=blobs.name_for("pdf", pdf.sha256, "pdf"),
        pdf_sha256=pdf.sha256,
        pdf_sm3=pdf.sm3,
        pdf_size=pdf.size,
    )
    extra = {"transition": issue.event.transition if issue.event else ""}
    if issue.corrects:
        extra["corrects"] = str(issue.corrects.public_id)
    doc.ledger_index = _append("document.issued", str(doc.public_id), _payload(doc, **extra), issue.actor)
    doc.save()
    blobs.stage(doc.docx_name, rendered.docx)
    blobs.stage(doc.pdf_name, rendered.pdf)
    return doc


def issue_for_step(case: Case, kind: kinds.Kind, *, event: CaseEvent, actor) -> Document:
    """The document a procedure step produces; runs inside the step's transaction (handlers.py)."""
    extra = {}
    if kind.code == DocumentKind.SERVICE_RECEIPT:
        decision = case.documents.filter(
            status=DocumentStatus.ISSUED,
            kind__in=[DocumentKind.PENALTY_DECISION, DocumentKind.NO_PENALTY_DECISION],
        ).first()
        title = decision.title if decision else "行政处罚决定书"
        extra["served_document"] = f"{title} {case.decision_number or ''}".strip()
    return _issue(Issue(case, kind, event.effective_on, actor, event, extra))


def issue_record(case: Case, kind: str, *, day: datetime.date, actor, extra: dict) -> Document:
    """A record another app keeps as a document of the case (集体讨论记录), in the caller's
    transaction with the case row already locked; the caller has checked the actor's right."""
    found = _kind(kind)
    if found.manual or found.transitions:
        raise Conflict(f"“{found.title}”不能由其他模块制作", code="automatic_document")
    return _issue(Issue(case, found, day, actor, None, extra))


def issue_document(actor, case: Case, kind: str, extra: dict | None = None) -> Document:
    """An officer's document with their own input: 现场检查笔录, 询问笔录, 送达回证 of another document."""
    found = _kind(kind)
    if not found.manual:
        steps = "、".join(found.transitions)
        raise Conflict(
            f"“{found.title}”在办理相应程序（{steps}）时自动生成，不能手工制作", code="automatic_document"
        )
    case = access.get_for(actor, Case.objects.all(), pk=case.pk, write_action=found.action)
    clean_input = _validated(MANUAL_FORMS[kind](form_data(extra), case=case))
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("body").get(pk=case.pk)
        if locked.state in CLOSED_STATES:
            raise Conflict("案件已结案，不能再制作文书", code="case_closed")
        day = clean_input.get("date") or timezone.localdate()
        return _issue(Issue(locked, found, day, actor, None, clean_input))


def correct_document(actor, document: Document, reason: str, fields: dict | None = None) -> Document:
    """A correction is a new document with the same 文号 that names the old one; the old is kept."""
    kind = kinds.KINDS[document.kind]
    document = access.get_for(actor, Document.objects.select_related("case"), pk=document.pk)
    if not access.allowed_on(actor, document.case, kind.action):
        raise Forbidden(f"您没有更正“{kind.title}”的权限")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写更正理由", fields={"reason": ["请填写更正理由"]})
    overrides = _corrections(document, fields or {})
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("body").get(pk=document.case_id)
        old = Document.objects.select_for_update().get(pk=document.pk)
        if old.status != DocumentStatus.ISSUED:
            raise Conflict("该文书已被更正，请更正其最新版本", code="document_superseded")
        old.status, old.superseded_at = DocumentStatus.SUPERSEDED, timezone.now()
        old.save(update_fields=["status", "superseded_at", "updated_at"])
        _append("document.superseded", str(old.public_id), _payload(old, reason_given=True), actor)
        context = clean({**old.context, **overrides})
        if "qa" in overrides:
            context["qa_lines"] = [line for line in context["qa"].splitlines() if line.strip()]
        return _issue(Issue(case, kind, old.issued_on, actor, old.event, None, context, old, reason))


def _corrections(document: Document, fields: dict) -> dict:
    if not isinstance(fields, dict):
        raise InvalidInput("更正内容应为对象", fields={"fields": ["更正内容应为对象"]})
    allowed = {k for k, v in document.context.items() if isinstance(v, str)} - FIXED_KEYS
    wrong = sorted(set(fields) - allowed)
    if wrong:
        message = f"以下内容不能更正：{'、'.join(map(str, wrong))}"
        raise InvalidInput(message, fields={"fields": [message]})
    too_long = [k for k, v in fields.items() if not isinstance(v, str) or len(v) > 20000]
    if too_long:
        raise InvalidInput(
            "更正内容须为文字（不超过 20000 字）",
            fields={k: ["须为文字（不超过 20000 字）"] for k in too_long},
        )
    return dict(fields)


# --- signatures -----------------------------------------------------------------------------------


def _scan(upload) -> tuple[bytes, str, str]:
    data = upload.read()
    if len(data) > MAX_SCAN_BYTES:
        raise InvalidInput("扫描件过大（上限 20 MB）", fields={"scan": ["扫描件过大（上限 20 MB）"]})
    guessed = filetype.guess(data)
    if guessed is None or guessed.mime not in SCAN_TYPES:
        raise InvalidInput(
            "扫描件须为 PDF、JPEG 或 PNG 文件", fields={"scan": ["扫描件须为 PDF、JPEG 或 PNG 文件"]}
        )
    return data, guessed.mime, SCAN_TYPES[guessed.mime]


def sign_document(actor, document: Document, data: dict | None, files=None) -> Signature:
    """Record a signature with its scan, or a refusal to sign with the witness (W8, W11)."""
    document = access.get_for(actor, Document.objects.select_related("case__body"), pk=document.pk)
    if not access.allowed_on(actor, document.case, perm.CASE_HANDLE):
        raise Forbidden("您没有登记签名的权限")
    form = SignatureForm(form_data(data), files, document=document)
    values = _validated(form)
    scan = _scan(values["scan"]) if values.get("scan") else None
    with transaction.atomic():
        locked = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
        if locked.status != DocumentStatus.ISSUED:
            raise Conflict("该文书已被更正，请在更正后的文书上登记签名", code="document_superseded")
        signature = Signature(
            document=locked,
            role=values["role"],
            outcome=values["outcome"],
            signer_name=values["signer_name"],
            officer=values["officer"],
            signed_at=values["signed_at"],
            witness_name=values.get("witness_name", ""),
            note=values.get("note", ""),
            recorded_by=actor,
        )
        if scan:
            found = blobs.digest(scan[0])
            signature.scan_name = blobs.name_for("scans", found.sha256, scan[2])
            signature.scan_type, signature.scan_sha256 = scan[1], found.sha256
            signature.scan_sm3, signature.scan_size = found.sm3, found.size
        kind = (
            "document.signed"
            if signature.outcome == SignatureOutcome.SIGNED
            else "document.signature_refused"
        )
        payload = _payload(
            locked, role=signature.role, outcome=signature.outcome, scan_sha256=signature.scan_sha256
        )
        signature.ledger_index = _append(kind, str(locked.public_id), payload, actor)
        signature.save()
        if scan:
            blobs.stage(signature.scan_name, scan[0])
    return signature


# --- verified reads -------------------------------------------------------------------------------


def _checked(subject: Document, name: str, sha256: str, sm3: str, what: str, actor) -> bytes | None:
    """The stored bytes if both hashes match; otherwise a `document.integrity_failure` entry and None."""
    data = blobs.read(name)
    if blobs.matches(data, sha256, sm3):
        return data
    with transaction.atomic():
        found = blobs.digest(data).sha256 if data is not None else "missing"
        payload = _payload(subject, file=what, expected_sha256=sha256, found_sha256=found)
        _append("document.integrity_failure", str(subject.public_id), payload, actor)
    return None


def _verified(subject: Document, name: str, sha256: str, sm3: str, what: str, actor) -> bytes:
    data = _checked(subject, name, sha256, sm3, what, actor)
    if data is None:
        raise Conflict(
            f"文件校验失败：{subject.title}的{what}与签发时的哈希值不一致或已缺失，已记录并报警，请联系管理员",
            code="integrity_failure",
        )
    return data


def verify_stored() -> list[str]:
    """Check every stored file of every document and scan (the scheduled job); the failures found."""
    failures = []
    for document in Document.objects.select_related("case").iterator(chunk_size=200):
        for fmt in ("pdf", "docx"):
            if _checked(document, *document.file(fmt), fmt.upper(), None) is None:
                failures.append(f"{document.public_id} {fmt}")
    for signature in (
        Signature.objects.exclude(scan_name="").select_related("document__case").iterator(chunk_size=200)
    ):
        document = signature.document
        if (
            _checked(
                document, signature.scan_name, signature.scan_sha256, signature.scan_sm3, "签名扫描件", None
            )
            is None
        ):
            failures.append(f"{document.public_id} scan {signature.pk}")
    return failures


def document_file(actor, document: Document, fmt: str) -> tuple[Document, bytes]:
    """The bytes of one rendition, checked against both hashes; a mismatch is logged and refused."""
    if fmt not in ("pdf", "docx"):
        raise InvalidInput("格式只能是 pdf 或 docx", fields={"format": ["格式只能是 pdf 或 docx"]})
    document = access.get_for(actor, Document.objects.select_related("case"), pk=document.pk)
    name, sha256, sm3 = document.file(fmt)
    return document, _verified(document, name, sha256, sm3, fmt.upper(), actor)


def signature_scan(actor, signature_id: int) -> tuple[Signature, bytes]:
    signature = access.get_for(actor, Signature.objects.select_related("document__case"), pk=signature_id)
    if not signature.scan_name:
        raise NotFound("该签名没有扫描件")
    data = _verified(
        signature.document,
        signature.scan_name,
        signature.scan_sha256,
        signature.scan_sm3,
        "签名扫描件",
        actor,
    )
    return signature, data
