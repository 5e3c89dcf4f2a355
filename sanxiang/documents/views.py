"""Staff UI for documents: a case's documents, manual documents, downloads, signatures, corrections."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from sanxiang.cases.views.common import show_errors, staff_view, style_widgets, use_select
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from . import kinds, selectors, services
from .forms import MANUAL_FORMS, CorrectionForm, SignatureForm
from .gate import missing_records
from .models import Document
from .rendering import defaults

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def attachment(data: bytes, filename: str, content_type: str, fallback: str) -> HttpResponse:
    """A download: RFC 6266 filename* for the Chinese name, an ASCII fallback, never sniffed or cached."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_response(document: Document, data: bytes, fmt: str) -> HttpResponse:
    name = f"{document.title}{document.number}".replace("/", "-") or document.title
    return attachment(data, f"{name}.{fmt}", CONTENT_TYPES[fmt], f"document-{document.public_id}.{fmt}")


@staff_view
def case_documents(request, case_id: int):
    case, documents = selectors.case_documents(request.user, case_id)
    may_handle = access.allowed_on(request.user, case, perm.CASE_HANDLE)
    context = {
        "case": case,
        "documents": documents,
        "manual": [kinds.KINDS[code] for code in kinds.MANUAL_KINDS] if may_handle else [],
        "missing": missing_records(case),
    }
    return render(request, "documents/case.html", context)


def _manual_form(kind: str, case, data=None):
    form = style_widgets(MANUAL_FORMS[kind](data, case=case))
    for name in ("started_at", "ended_at"):
        if name in form.fields:
            widget = form.fields[name].widget
            widget.input_type, widget.format = "datetime-local", "%Y-%m-%dT%H:%M"
    if "inspectors" in form.fields:
        use_select(form, "inspectors", form.fields["inspectors"].choices, multiple=True)
    return form


@staff_view
def issue(request, case_id: int, kind: str):
    if kind not in kinds.MANUAL_KINDS:
        raise Http404("未知的文书种类")
    case = selectors.case_for(request.user, case_id)
    spec = kinds.KINDS[kind]
    if not access.allowed_on(request.user, case, spec.action):
        raise Forbidden(f"您没有制作“{spec.title}”的权限")
    context, status = {"case": case, "kind": spec}, 200
    if request.method == "POST":
        try:
            document = services.issue_document(request.user, case, kind, request.POST)
        except InvalidInput as exc:
            form, status = _manual_form(kind, case, request.POST), 400
            show_errors(form, exc.fields)
            context["error_message"] = exc.message
        except Conflict as exc:
            form, status = _manual_form(kind, case, request.POST), 409
            context["error_message"] = exc.message
        else:
            messages.success(request, f"已制作{document.title}")
            return redirect("documents:detail", document_id=document.pk)
    else:
        form = _manual_form(kind, case)
    context["form"] = form
    return render(request, "documents/issue.html", context, status=status)


@staff_view
def document_detail(request, document_id: int):
    document = selectors.document_detail(request.user, pk=document_id)
    may_handle = access.allowed_on(request.user, document.case, perm.CASE_HANDLE)
    spec = kinds.KINDS[document.kind]
    context = {
        "document": document,
        "case": document.case,
        "may_sign": may_handle and document.status == "issued",
        "may_correct": document.status == "issued"
        and access.allowed_on(request.user, document.case, spec.action),
    }
    return render(request, "documents/detail.html", context)


@staff_view
def download(request, document_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("未知的文件格式")
    document = selectors.document_detail(request.user, pk=document_id)
    try:
        document, data = services.document_file(request.user, document, fmt)
    except Conflict as exc:
        return render(
            request, "documents/integrity.html", {"document": document, "message": exc.message}, status=409
        )
    return file_response(document, data, fmt)


@staff_view
def sign(request, document_id: int):
    document = selectors.document_detail(request.user, pk=document_id)
    if not access.allowed_on(request.user, document.case, perm.CASE_HANDLE):
        raise Forbidden("您没有登记签名的权限")
    context, status = {"document": document, "case": document.case}, 200
    form = style_widgets(SignatureForm(document=document))
    if request.method == "POST":
        try:
            services.sign_document(request.user, document, request.POST, request.FILES)
        except (InvalidInput, Conflict) as exc:
            form = style_widgets(SignatureForm(request.POST, request.FILES, document=document))
            show_errors(form, exc.fields)
            context["error_message"], status = exc.message, exc.status
        else:
            messages.success(request, "签名情况已登记")
            return redirect("documents:detail", document_id=document.pk)
    context["form"] = form
    return render(request, "documents/sign.html", context, status=status)


@staff_view
def correct(request, document_id: int):
    document = selectors.document_detail(request.user, pk=document_id)
    spec = kinds.KINDS[document.kind]
    if not access.allowed_on(request.user, document.case, spec.action):
        raise Forbidden(f"您没有更正“{spec.title}”的权限")
    editable = [
        f
        for f in (*kinds.COMMON_FIELDS, *spec.fields)
        if isinstance(document.context.get(f.key), str) and f.key not in services.FIXED_KEYS
    ]
    editable = list({f.key: f for f in editable}.values())
    context, status = {"document": document, "case": document.case, "fields": editable}, 200
    values = {f.key: document.context.get(f.key, "") for f in editable}
    form = CorrectionForm()
    if request.method == "POST":
        values = {f.key: request.POST.get(f"field-{f.key}", values[f.key]) for f in editable}
        changed = {
            k: v.replace("\r\n", "\n")
            for k, v in values.items()
            if v.replace("\r\n", "\n") != document.context.get(k)
        }
        form = CorrectionForm(request.POST)
        try:
            new = services.correct_document(request.user, document, request.POST.get("reason", ""), changed)
        except (InvalidInput, Conflict) as exc:
            show_errors(form, exc.fields)
            context["error_message"], status = exc.message, exc.status
        else:
            messages.success(request, f"已制作更正后的{new.title}，原文书已标记为“已被更正”")
            return redirect("documents:detail", document_id=new.pk)
    context |= {"form": form, "rows": [(f, values[f.key]) for f in editable]}
    return render(request, "documents/correct.html", context, status=status)


@staff_view
def scan(request, signature_id: int):
    try:
        signature, data = services.signature_scan(request.user, signature_id)
    except Conflict as exc:
        return render(request, "documents/integrity.html", {"message": exc.message}, status=409)
    ext = signature.scan_name.rsplit(".", 1)[-1]
    return attachment(
        data, f"签名扫描件-{signature.pk}.{ext}", signature.scan_type, f"scan-{signature.pk}.{ext}"
    )


@staff_view
def default_template(request, kind: str):
    """The shipped template of a kind, to edit in Word or WPS and upload as the body's own version."""
    if kind not in kinds.KINDS:
        raise Http404("未知的文书种类")
    data, _sha256 = defaults.load(kind)
    title = kinds.KINDS[kind].title
    return attachment(data, f"{title}（默认模板）.docx", CONTENT_TYPES["docx"], f"{kind}.docx")


@staff_view
def template_version(request, template_id: int):
    row = selectors.template_by_id(template_id)
    if row is None or not services.may_manage_templates(request.user, row.body):
        raise Http404("模板不存在")
    try:
        data = services.template_bytes(row)
    except Conflict as exc:
        return render(request, "documents/integrity.html", {"message": exc.message}, status=409)
    return attachment(data, f"{row}.docx", CONTENT_TYPES["docx"], f"template-{row.pk}.docx")
