"""What the review pages share: the generic "form → service → redirect" step page."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from sanxiang.cases.views.common import show_errors, staff_view, style_widgets
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput

__all__ = ["step_page", "staff_view", "require"]


def require(allowed: bool, message: str) -> None:
    """GET of a step page: the same 403 the service would answer on POST."""
    if not allowed:
        raise Forbidden(message)


def step_page(
    request,
    *,
    title: str,
    form_class: type[forms.Form],
    run: Callable[[object], object],
    done: Callable[[object], str],
    back: str,
    context: dict | None = None,
    initial: dict | None = None,
    prepare: Callable[[forms.Form], None] | None = None,
):
    """GET shows the form; POST runs the service: 400 with field messages, 409 with the refusal."""
    status, refusal, error = 200, [], ""

    def build(data=None):
        form = style_widgets(form_class(data, initial=initial))
        if prepare:
            prepare(form)
        return form

    if request.method == "POST":
        try:
            result = run(request.POST)
        except InvalidInput as exc:
            form, status, error = build(request.POST), 400, exc.message
            show_errors(form, exc.fields)
        except Conflict as exc:
            form, status = build(request.POST), 409
            refusal = exc.fields.get("__all__") or [exc.message]
        else:
            messages.success(request, f"已完成“{title}”")
            return redirect(done(result))
    else:
        form = build()
    page = {"title": title, "form": form, "refusal": refusal, "error_message": error, "back": back}
    return render(request, "review/form.html", page | (context or {}), status=status)
