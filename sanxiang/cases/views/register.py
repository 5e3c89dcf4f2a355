"""线索登记: registering a clue with its officers and parties, without JavaScript.

The page shows one party block; "增加当事人" re-renders it with one more (kept in `party_count`).
Blank extra blocks are ignored. The service validates everything and saves nothing on error.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from .. import services
from ..forms import CaseForm, PartyForm
from . import options
from .common import form_data, show_errors, staff_view, style_widgets, use_select

MAX_PARTIES = 10
_PARTY_KEY = re.compile(r"^parties\[(\d+)\]\.(\w+)$")


class LeadForm(forms.Form):
    """Which of the chosen officers leads (主办); the service makes the first officer the lead."""

    lead = forms.TypedChoiceField(label="主办人员", coerce=int, required=False, empty_value=None)


def _chosen_body(request, bodies):
    value = request.POST.get("body") or request.GET.get("body")
    if not value:
        return bodies[0] if len(bodies) == 1 else None
    for body in bodies:
        if str(body.pk) == value:
            return body
    raise Forbidden("您没有在该执法主体登记案件的权限")


def _party_count(request) -> int:
    try:
        count = int(request.POST.get("party_count", 1))
    except ValueError:
        count = 1
    return max(1, min(count, MAX_PARTIES))


def _is_blank(party: dict) -> bool:
    return not any(value for key, value in party.items() if key != "kind")


def _with_lead_first(post):
    """The submission with the lead officer first among `officers` (CaseOfficer roles follow the order)."""
    post = post.copy()
    lead = post.get("lead")
    if lead:
        post.setlist("officers", [lead, *(o for o in post.getlist("officers") if o != lead)])
    return post


class RegistrationForms:
    """The page's forms: bound to a submission (`bind` = party blocks to validate), refilled, or empty."""

    def __init__(
        self, user, body, post=None, *, count: int = 1, bind: set[int] | None = None, refill: bool = False
    ):
        officers = options.officer_choices(body.pk, timezone.localdate())
        own = getattr(getattr(user, "officer", None), "pk", None)
        default = {"officers": [own], "lead": own} if own in dict(officers) else {}

        def make(form_class, index=None, **kwargs):
            prefix = None if index is None else f"party-{index}"
            if post is not None and not refill and (index is None or index in (bind or set())):
                return style_widgets(form_class(post, prefix=prefix, **kwargs))
            initial = form_data(post, form_class, prefix or "") if post is not None else default
            return style_widgets(form_class(initial=initial, prefix=prefix, **kwargs))

        self.case = make(CaseForm, officer_choices=officers)
        use_select(self.case, "department", options.department_choices(body))
        self.lead = make(LeadForm)
        use_select(self.lead, "lead", officers)
        self.parties = [make(PartyForm, i) for i in range(count)]
        for extra in self.parties[1:]:
            extra.use_required_attribute = False  # optional blocks may stay blank
        self.count = count

    def show(self, exc: InvalidInput, included: list[int]) -> None:
        case_fields, party_fields = {}, {}
        for key, texts in exc.fields.items():
            match = _PARTY_KEY.match(key)
            if match and int(match[1]) < len(included):
                party_fields.setdefault(included[int(match[1])], {})[match[2]] = texts
            else:
                case_fields[key] = texts
        show_errors(self.case, case_fields)
        for index in included:
            show_errors(self.parties[index], party_fields.get(index, {}))


@staff_view
def new_case(request):
    bodies = options.bodies_for_registration(request.user)
    if not bodies:
        raise Forbidden("您没有登记案件的权限")
    body = _chosen_body(request, bodies)
    context = {"bodies": bodies, "body": body}
    if body is None:  # several bodies: choose one first
        return render(request, "cases/new.html", context)
    if request.method != "POST":
        context["page"] = RegistrationForms(request.user, body)
        return render(request, "cases/new.html", context)

    post, count = _with_lead_first(request.POST), _party_count(request)
    if "add_party" in post:
        count = min(count + 1, MAX_PARTIES)
        context["page"] = RegistrationForms(request.user, body, post, count=count, refill=True)
        return render(request, "cases/new.html", context)

    parties = [form_data(post, PartyForm, f"party-{i}") for i in range(count)]
    included = [i for i, party in enumerate(parties) if i == 0 or not _is_blank(party)]
    try:
        case = services.register_case(
            request.user, body, form_data(post, CaseForm), [parties[i] for i in included]
        )
    except InvalidInput as exc:
        page = RegistrationForms(request.user, body, post, count=count, bind=set(included))
        page.show(exc, included)
        context |= {"page": page, "error_message": exc.message}
        return render(request, "cases/new.html", context, status=400)
    messages.success(request, f"线索已登记：{case.clue_number}")
    if access.allowed_on(request.user, case, perm.CASE_VIEW):
        return redirect("cases:detail", case_id=case.pk)
    return redirect("cases:my_cases")
