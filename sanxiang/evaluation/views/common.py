"""What the evaluation pages share: the generic "form -> service -> redirect" page and downloads."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sanxiang.cases.views.common import show_errors, staff_view, style_widgets
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput

__all__ = ["download", "form_page", "require", "staff_view"]


def require(allowed: bool, message: str) -> None:
    """GET of a form page: the same 403 the service would answer on POST."""
    if not allowed:
        raise Forbidden(message)


def form_page(
    request,
    *,
    title: str,
    form: Callable[[object], forms.Form],
    run: Callable[[], object],
    done: Callable[[object], str],
    back: str,
    context: dict | None = None,
    multipart: bool = False,
):
    """GET shows the form; POST runs the service: 400 with field messages, 409 with the refusal."""
    status, refusal, error = 200, [], ""
    if request.method == "POST":
        try:
            result = run()
        except InvalidInput as exc:
            bound, status, error = style_widgets(form(request.POST)), 400, exc.message
            show_errors(bound, exc.fields)
        except Conflict as exc:
            bound, status = style_widgets(form(request.POST)), 409
            refusal = exc.fields.get("__all__") or [exc.message]
        else:
            messages.success(request, f"已完成“{title}”")
            return redirect(done(result))
    else:
        bound = style_widgets(form(None))
    page = {
        "title": title,
        "form": bound,
        "refusal": refusal,
        "error_message": error,
        "back": back,
        "multipart": multipart,
    }
    return render(request, "evaluation/form.html", page | (context or {}), status=status)


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
