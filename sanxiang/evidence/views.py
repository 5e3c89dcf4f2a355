"""Staff UI: a case's evidence page, uploads (form and chunked), reads, and the device registry.

The JSON endpoints under uploads/ speak the same protocol as /api/v1/evidence/uploads but with
the staff session and CSRF header, for the page's small fetch-based uploader (static/evidence/uploader.js).
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.cases.views.common import staff_view
from sanxiang.core.errors import DomainError, InvalidInput, NotAuthenticated
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import Officer

from . import conf, output, selectors, services
from .choices import AV_KINDS, CustodyAction, DeviceStatus
from .content import TYPES, allowed_extensions
from .forms import DerivativeForm, DeviceForm, PolicyForm, UploadForm
from .http import serve
from .uploads import HashingUploadHandler


def page_view(view):
    """staff_view (login, 404/403) plus a Chinese error page for the app's other refusals."""

    @staff_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            return render(request, "evidence/error.html", {"message": exc.message}, status=exc.status)

    return wrapper


def json_view(view):
    """Session-authenticated JSON: every refusal in the API's error shape, 401 when logged out."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if not request.user.is_authenticated:
                raise NotAuthenticated("未登录或登录已过期，请重新登录")
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return JsonResponse(exc.as_dict(), status=exc.status)

    return wrapper


# --- pages ---------------------------------------------------------------------------------------


@page_view
def case_page(request, case_id: int):
    case = selectors.case_for(request.user, pk=case_id)
    files = list(selectors.case_evidence(request.user, case))
    context = {
        "case": case,
        "files": files,
        "flags": selectors.av_flags(case),
        "may_upload": access.allowed_on(request.user, case, perm.CASE_HANDLE),
        "form": UploadForm(),
        "form_max": conf.form_upload_max_bytes(),
        "accept": ",".join(f".{ext}" for ext in allowed_extensions()),
        "playable": {ext for ext, t in TYPES.items() if t.playable},
        "devices": selectors.devices_of(case.body).filter(status=DeviceStatus.ACTIVE),
        "officers": Officer.objects.filter(body=case.body, is_active=True).order_by("name"),
    }
    return render(request, "evidence/case.html", context)


@page_view
def detail_page(request, evidence_id):
    evidence = selectors.evidence_for(request.user, evidence_id)
    context = {
        "evidence": evidence,
        "ftype": TYPES.get(evidence.extension),
        "custody": selectors.custody_log(request.user, evidence),
        "derivatives": selectors.derivatives_of(request.user, evidence),
        "may_derive": access.allowed_on(request.user, evidence.case, perm.CASE_HANDLE),
        "derive_form": DerivativeForm(),
    }
    return render(request, "evidence/detail.html", context)


@csrf_exempt  # the CSRF check runs in _form_upload, after the hashing handler is installed
def form_upload(request, case_id: int):
    handler = HashingUploadHandler(request)
    request.upload_handlers = [handler]
    return _form_upload(request, case_id, handler)


@require_POST
@csrf_protect
@page_view
def _form_upload(request, case_id: int, handler: HashingUploadHandler):
    case = selectors.case_for(request.user, pk=case_id)
    post, files = request.POST, request.FILES  # parsed here, through the hashing handler
    if handler.too_large:
        message = f"文件超过网页直传上限，请使用分片上传（自动用于大于 {conf.form_upload_max_bytes() // 2**20} MiB 的文件）"
        return render(request, "evidence/error.html", {"message": message}, status=413)
    form = UploadForm(post, files)
    if not form.is_valid():
        raise InvalidInput(
            "上传内容有误：" + "；".join(f"{k}：{' '.join(v)}" for k, v in form.errors.items())
        )
    data = {k: v for k, v in post.items() if k != "csrfmiddlewaretoken"}
    evidence = services.ingest_upload(request.user, case.pk, data, files["file"])
    messages.success(request, f"已入库：{evidence.name}（SM3 {evidence.sm3[:16]}…）")
    return redirect("evidence:case", case_id=case.pk)


@require_POST
@page_view
def derive(request, evidence_id):
    original = selectors.evidence_for(request.user, evidence_id)
    form = DerivativeForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput("请选择副本文件并填写处理说明")
    copy = services.add_derivative(request.user, original, request.FILES["file"], form.cleaned_data["note"])
    messages.success(request, f"已生成副本：{copy.name}")
    return redirect("evidence:detail", evidence_id=copy.public_id)


@page_view
def content(request, evidence_id):
    evidence = selectors.evidence_for(request.user, evidence_id)
    action = CustodyAction.PLAYED if evidence.kind in AV_KINDS else CustodyAction.VIEWED
    return serve(request, request.user, evidence, action, attachment=False)


@page_view
def download(request, evidence_id):
    evidence = selectors.evidence_for(request.user, evidence_id)
    return serve(request, request.user, evidence, CustodyAction.DOWNLOADED, attachment=True)


@page_view
def thumbnail(request, evidence_id):
    data = services.thumbnail(selectors.evidence_for(request.user, evidence_id))
    if data is None:
        return HttpResponse(status=204)
    response = HttpResponse(data, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@page_view
def registry(request, body_id=None):
    bodies = selectors.registry_bodies(request.user)
    if body_id is None:
        if len(bodies) == 1:
            return redirect("evidence:devices_of", body_id=bodies[0].public_id)
        return render(request, "evidence/registry_index.html", {"bodies": bodies})
    body = selectors.body_for_registry(request.user, body_id)
    may_manage = selectors.may_manage_devices(request.user, body)
    device_form, policy_form, status = DeviceForm(), PolicyForm(), 200
    if request.method == "POST":
        try:
            if "officers_per_device" in request.POST:
                services.set_recorder_policy(request.user, body, request.POST.dict())
                messages.success(request, "已更新执法记录仪配备标准")
            else:
                device = services.register_device(request.user, body, request.POST.dict())
                messages.success(request, f"已登记设备：{device}")
            return redirect("evidence:devices_of", body_id=body.public_id)
        except InvalidInput as exc:
            device_form, status = DeviceForm(request.POST), 400
            device_form.is_valid()
            for field, errors in exc.fields.items():
                for error in errors:
                    device_form.add_error(field if field in device_form.fields else None, error)
    context = {
        "body": body,
        "devices": selectors.devices_of(body),
        "ratio": selectors.recorder_ratio(body),
        "may_manage": may_manage,
        "device_form": device_form,
        "policy_form": policy_form,
        "officers": Officer.objects.filter(body=body, is_active=True).order_by("name") if may_manage else [],
    }
    return render(request, "evidence/devices.html", context, status=status)


# --- JSON for the page's uploader ----------------------------------------------------------------


@json_view
def case_flags(request, case_id: int):
    case = selectors.case_for(request.user, pk=case_id)
    return JsonResponse({"flags": [output.flag_json(f) for f in selectors.av_flags(case)]})


@require_POST
@json_view
def upload_create(request):
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        raise InvalidInput("请求内容应为 JSON 对象") from None
    if not isinstance(payload, dict):
        raise InvalidInput("请求内容应为 JSON 对象")
    session = services.create_session(request.user, payload.get("case"), payload)
    response = JsonResponse(output.session_json(session), status=201)
    output.upload_headers(response, session)
    return response


@require_http_methods(["GET", "HEAD", "PUT", "PATCH", "DELETE"])
@json_view
def upload_session(request, upload_id):
    if request.method in ("PUT", "PATCH"):
        length = request.META.get("CONTENT_LENGTH")
        session = services.receive_chunk(
            request.user,
            upload_id,
            request,
            length=int(length) if length and length.isdigit() else None,
            offset=request.headers.get("Upload-Offset"),
            content_range=request.headers.get("Content-Range"),
        )
    elif request.method == "DELETE":
        services.abort_session(request.user, upload_id)
        return HttpResponse(status=204)
    else:
        session = services.session_for(request.user, upload_id)
    response = JsonResponse(output.session_json(session))
    output.upload_headers(response, session)
    return response


@require_POST
@json_view
def upload_complete(request, upload_id):
    evidence = services.complete_session(request.user, upload_id)
    return JsonResponse(
        output.evidence_json(selectors.evidence_for(request.user, evidence.public_id)), status=201
    )
