"""One case: its page, and the page of each procedure step the user may take on it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from sanxiang.core import hooks
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .. import procedure, selectors, services
from ..forms import PenaltyFields
from . import options
from .common import form_data, show_errors, staff_view, style_widgets, use_select


@staff_view
def case_detail(request, case_id: int):
    case = selectors.case_detail(request.user, case_id)
    today = timezone.localdate()
    context = {
        "case": case,
        "today": today,
        "deadlines": sorted(selectors.running_deadlines(case, today), key=lambda s: s.deadline.due_date),
        "officers": [(a, a.officer.valid_credential_on(today)) for a in case.assignments.all()],
        "actions": selectors.transitions_for(request.user, case),
        "show_pii": access.can(request.user, perm.OFFICER_VIEW_PII, case.body_id),
    }
    # Higher apps add their panels (e.g. evidence's REC-02/05 warnings) without this app importing them.
    for extra in hooks.call(procedure.DETAIL_CONTEXT, case=case, user=request.user):
        context.update(extra or {})
    return render(request, "cases/detail.html", context)


# Step forms inherit their fields from mixins; show them in the order a document reads.
_LEADING = ("date", "proposal", "decision_kind", "source", "document")


def _form(transition: procedure.Transition, case, data=None):
    form = style_widgets(transition.form(data))
    penalty = [name for name in PenaltyFields.base_fields if name in form.fields]
    rest = [name for name in form.fields if name not in (*_LEADING, *penalty, "reason")]
    form.order_fields([*_LEADING, *penalty, *rest, "reason"])
    if "host" in form.fields:
        # CASE-09: the hearing host is an officer of the body who did not investigate the case.
        investigators = [a.officer_id for a in case.assignments.all()]
        use_select(
            form,
            "host",
            options.officer_choices(case.body_id, timezone.localdate(), exclude_ids=investigators),
        )
    return form


@staff_view
def run_transition(request, case_id: int, name: str):
    """GET shows the step's form; POST runs it through the service (400 invalid, 409 refused)."""
    transition = procedure.BY_NAME.get(name)
    if transition is None:
        raise Http404("未知的操作")
    case = selectors.case_detail(request.user, case_id)
    context = {"case": case, "transition": transition, "refusal": []}
    status = 200
    if request.method == "POST":
        data = form_data(request.POST, transition.form)
        try:
            changed = services.run_transition(request.user, case.pk, name, data)
        except InvalidInput as exc:
            form, status = _form(transition, case, request.POST), 400
            show_errors(form, exc.fields)
            context["error_message"] = exc.message
        except Conflict as exc:
            form, status = _form(transition, case, request.POST), 409
            context["refusal"] = exc.fields.get("__all__") or [exc.message]
        else:
            messages.success(
                request, f"已完成“{transition.label}”，案件当前状态：{changed.get_state_display()}"
            )
            return redirect("cases:detail", case_id=changed.pk)
    else:
        if not access.allowed_on(request.user, case, transition.action):
            raise Forbidden(f"您没有执行“{transition.label}”的权限")
        form = _form(transition, case)
        if not transition.applies_to(case):
            status = 409
            context["refusal"] = [f"案件当前状态为“{case.get_state_display()}”，不能执行“{transition.label}”"]
    context["form"] = form
    context["blocked"] = not transition.applies_to(case)
    return render(request, "cases/transition.html", context, status=status)
