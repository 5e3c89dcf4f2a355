"""Every write to a case: registering it, its parties and officers, and running a transition.

A transition runs in one transaction: lock the case row, check permission and guards, apply the
effect, write the history row and the ledger entry, commit (STYLE.md; AUD-01).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from sanxiang.core import hooks
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, fields_from_django
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import Department, EnforcementBody, Officer
from sanxiang.orgs.services import next_number

from . import deadlines, procedure, rules
from .choices import CaseState, DeadlineKind, OfficerRole, Procedure
from .forms import CaseForm, PartyForm
from .models import Case, CaseEvent, CaseOfficer, Party
from .steps import Step


def form_data(data) -> MultiValueDict:
    """Input for a Django form from either a QueryDict (UI) or decoded JSON (API).

    The result behaves like submitted HTML form data: every value is text, a list gives several
    values (single-value fields take the last), nulls are dropped, and nested objects become text
    that simply fails validation, so junk input is a 400, never a 500.
    """
    if data is None:
        return MultiValueDict()
    if hasattr(data, "getlist"):
        return data
    if not isinstance(data, dict):
        raise InvalidInput("请求内容应为 JSON 对象")
    clean = MultiValueDict()
    for key, value in data.items():
        values = value if isinstance(value, list | tuple) else [value]
        clean.setlist(str(key), [_as_text(v) for v in values if v is not None])
    return clean


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def _validated(form) -> dict:
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form.cleaned_data


def _record(
    case: Case, name: str, from_state: str, actor, day: datetime.date, reason: str, data: dict
) -> CaseEvent:
    """History row plus ledger entry for one step, in the caller's transaction."""
    event = CaseEvent.objects.create(
        case=case,
        transition=name,
        from_state=from_state,
        to_state=case.state,
        actor=actor,
        effective_on=day,
        reason=reason,
        data=data,
    )
    entry = ledger_append(
        "case.transition",
        subject_type="case",
        subject_id=str(case.public_id),
        actor=actor,
        payload={
            "body": case.body.credit_code,
            "case": case.display_number,
            "transition": name,
            "from": from_state,
            "to": case.state,
            "effective_on": day.isoformat(),
            "event": event.pk,
        },
    )
    event.ledger_index = entry.index
    event.save(update_fields=["ledger_index"])
    return event


def _json_safe(data: dict) -> dict:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, datetime.date | datetime.datetime):
            out[key] = value.isoformat()
        elif isinstance(value, int | float | str | bool | type(None) | list | dict):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def register_case(actor, body: EnforcementBody, data: dict, parties: list[dict]) -> Case:
    """线索登记: register a clue with its parties and at least the assigned officers."""
    if not access.can(actor, perm.CASE_CREATE, body.pk):
        raise Forbidden("您没有在该执法主体登记案件的权限")
    officer_choices = [(o.pk, o.name) for o in Officer.objects.filter(body=body, is_active=True)]
    clean = _validated(CaseForm(form_data(data), officer_choices=officer_choices))
    if not isinstance(parties, list) or not all(isinstance(p, dict) for p in parties):
        raise InvalidInput("当事人信息格式有误", fields={"parties": ["当事人信息应为对象列表"]})
    if not parties:
        raise InvalidInput("至少须登记一名当事人", fields={"parties": ["至少须登记一名当事人"]})
    party_rows = []
    for i, party_data in enumerate(parties):
        form = PartyForm(form_data(party_data))
        if not form.is_valid():
            raise InvalidInput(
                f"第 {i + 1} 名当事人信息有误",
                fields={f"parties[{i}].{k}": [str(m) for m in v] for k, v in form.errors.items()},
            )
        party_rows.append(form.cleaned_data)
    department = Department.objects.filter(pk=clean["department"], body=body).first()
    if department is None:
        raise InvalidInput("承办机构不属于该执法主体", fields={"department": ["承办机构不属于该执法主体"]})
    simplified = clean.pop("simplified")
    officer_ids = clean.pop("officers")
    clean.pop("department")
    with transaction.atomic():
        case = Case(body=body, department=department, **clean)
        case.procedure = Procedure.SIMPLIFIED if simplified else Procedure.ORDINARY
        serial = next_number(body, "clue", case.registered_on.year)
        case.clue_number = f"{body.short_name}线〔{case.registered_on.year}〕{serial}号"
        case.full_clean(exclude=["number", "decision_number"])
        case.save()
        for row in party_rows:
            Party.objects.create(case=case, **row)
        for i, officer_id in enumerate(officer_ids):
            CaseOfficer.objects.create(
                case=case, officer_id=officer_id, role=OfficerRole.LEAD if i == 0 else OfficerRole.ASSIST
            )
        if case.procedure == Procedure.ORDINARY:
            deadlines.start(
                case, DeadlineKind.FILING, case.registered_on, rules.rules_for(case).filing_period_workdays
            )
        _record(case, "register", "", actor, case.registered_on, "", {"procedure": case.procedure})
    return case


def assign_officers(actor, case: Case, officer_ids: list[int]) -> None:
    """Replace the assigned officers of an open case (department head or above)."""
    case = access.get_for(actor, Case.objects.all(), pk=case.pk, write_action=perm.CASE_APPROVE)
    officers = list(Officer.objects.filter(pk__in=officer_ids, body=case.body, is_active=True))
    if len(officers) != len(set(officer_ids)):
        raise InvalidInput(
            "承办人员须为本机关在岗执法人员", fields={"officers": ["承办人员须为本机关在岗执法人员"]}
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        CaseOfficer.objects.filter(case=case).delete()
        for i, officer in enumerate(officers):
            CaseOfficer.objects.create(
                case=case, officer=officer, role=OfficerRole.LEAD if i == 0 else OfficerRole.ASSIST
            )
        _record(
            case,
            "assign_officers",
            case.state,
            actor,
            timezone.localdate(),
            "",
            {"officers": [o.pk for o in officers]},
        )


def run_transition(actor, case_id: int, name: str, data: dict | None = None) -> Case:
    """Apply one transition of the procedure table, or refuse it (409) without changing anything."""
    transition = procedure.BY_NAME.get(name)
    if transition is None:
        raise InvalidInput(f"未知的操作：{name}", code="unknown_transition")
    case = access.get_for(actor, Case.objects.all(), pk=case_id)
    if not access.allowed_on(actor, case, transition.action):
        raise Forbidden(f"您没有执行“{transition.label}”的权限")
    form = transition.form(form_data(data))
    clean = _validated(form)
    penalties = form.penalties() if hasattr(form, "penalties") else []
    try:
        return _apply(actor, case.pk, transition, clean, penalties)
    except Refused as refused:
        # After the rollback: listeners keep what the refusal found in their own transaction.
        hooks.call(
            procedure.TRANSITION_REFUSED,
            case_id=case.pk,
            transition=transition,
            actor=actor,
            data=clean,
            penalties=penalties,
            problems=refused.problems,
            gate_problems=refused.gate_problems,
        )
        raise


class Refused(Conflict):
    """A guard or gate refused the step; carries the Chinese reasons, and the gates' by slot."""

    code = "transition_refused"

    def __init__(self, guard_problems: list[str], gate_problems: dict[str, list[str]]):
        problems = guard_problems + [p for found in gate_problems.values() for p in found]
        super().__init__("；".join(problems), code=self.code, fields={"__all__": problems})
        self.problems = problems
        self.guard_problems = guard_problems
        self.gate_problems = gate_problems


def _apply(actor, case_pk: int, transition, clean: dict, penalties: list) -> Case:
    name = transition.name
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("body").get(pk=case_pk)
        if not transition.applies_to(case):
            raise Conflict(
                f"案件当前状态为“{case.get_state_display()}”，不能执行“{transition.label}”",
                code="transition_refused",
            )
        step = Step(case=case, actor=actor, data=clean, penalties=penalties)
        problems: list[str] = []
        for guard in transition.guards:
            problems += guard(step)
        gate_problems = {
            slot: [p for guard in procedure.GATES[slot] for p in guard(step)] for slot in transition.gates
        }
        if problems or any(gate_problems.values()):
            raise Refused(problems, {slot: found for slot, found in gate_problems.items() if found})
        from_state = case.state
        if transition.effect:
            transition.effect(step)
        case.state = step.extra.get("target") or transition.target or case.state
        case.save()
        payload = _json_safe({k: v for k, v in clean.items() if k != "reason"})
        if penalties:
            payload["penalties"] = penalties
        event = _record(case, name, from_state, actor, step.day, clean.get("reason", ""), payload)
        hooks.call(procedure.TRANSITION_APPLIED, case=case, transition=transition, event=event, actor=actor)
    return case


def state_label(state: str) -> str:
    return CaseState(state).label


__all__ = ["register_case", "assign_officers", "run_transition", "fields_from_django"]
