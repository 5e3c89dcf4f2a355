"""/api/v1 endpoints for cases: the same services and selectors as the staff UI."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Body, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sanxiang.core.errors import InvalidInput
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody

from . import procedure, selectors, services
from .models import Case

router = Router(tags=["行政处罚案件"])


class DeadlineOut(Schema):
    kind: str
    label: str
    rule: str
    due_date: datetime.date
    provisional: bool
    light: str
    days_left: int
    workdays_left: int


class CaseSummary(Schema):
    id: str
    number: str | None
    clue_number: str
    state: str
    state_label: str
    procedure: str
    body: str
    department: str
    cause: str
    registered_on: datetime.date
    parties: list[str]
    deadlines: list[DeadlineOut]


class PartyOut(Schema):
    kind: str
    name: str
    id_number: str
    credit_code: str
    address: str
    phone: str


class EventOut(Schema):
    transition: str
    label: str
    from_state: str
    to_state: str
    actor: str
    at: datetime.datetime
    effective_on: datetime.date
    reason: str
    ledger_index: int | None


class TransitionOut(Schema):
    name: str
    label: str
    sources: list[str]
    target: str | None
    action: str
    procedures: list[str]
    rules: list[str]
    gates: list[str]


class CaseDetail(CaseSummary):
    facts: str
    place: str
    discovered_on: datetime.date
    violation_ended_on: datetime.date
    filed_on: datetime.date | None
    decided_on: datetime.date | None
    decision_number: str | None
    final_penalties: list[dict]
    proposed_penalties: list[dict]
    officers: list[str]
    party_details: list[PartyOut]
    events: list[EventOut]
    available_transitions: list[str]


class CaseIn(Schema):
    body: str
    department: int
    officers: list[int]
    cause: str
    source: str = "inspection"
    facts: str
    place: str
    legal_provisions: str = ""
    discovered_on: str
    violation_ended_on: str
    registered_on: str | None = None
    simplified: bool = False
    endangers_life_health_or_finance: bool = False
    harm_caused: bool = False
    parties: list[dict[str, Any]]


def _deadlines(case: Case, today: datetime.date) -> list[dict]:
    return [
        {
            "kind": s.deadline.kind,
            "label": s.deadline.get_kind_display(),
            "rule": s.deadline.rule,
            "due_date": s.deadline.due_date,
            "provisional": s.deadline.provisional,
            "light": s.light,
            "days_left": s.days_left,
            "workdays_left": s.workdays_left,
        }
        for s in selectors.running_deadlines(case, today)
    ]


def summary(case: Case, today: datetime.date) -> dict:
    return {
        "id": str(case.public_id),
        "number": case.number,
        "clue_number": case.clue_number,
        "state": case.state,
        "state_label": case.get_state_display(),
        "procedure": case.procedure,
        "body": case.body.name,
        "department": case.department.name,
        "cause": case.cause,
        "registered_on": case.registered_on,
        "parties": [p.name for p in case.parties.all()],
        "deadlines": _deadlines(case, today),
    }


def detail(user, case: Case) -> dict:
    today = timezone.localdate()
    unmasked = access.can(user, perm.OFFICER_VIEW_PII, case.body_id)
    labels = {t.name: t.label for t in procedure.TRANSITIONS} | {
        "register": "线索登记",
        "assign_officers": "调整承办人员",
    }
    data = summary(case, today) | {
        "facts": case.facts,
        "place": case.place,
        "discovered_on": case.discovered_on,
        "violation_ended_on": case.violation_ended_on,
        "filed_on": case.filed_on,
        "decided_on": case.decided_on,
        "decision_number": case.decision_number,
        "final_penalties": case.final_penalties,
        "proposed_penalties": case.proposed_penalties,
        "officers": [a.officer.name for a in case.assignments.all()],
        "party_details": [
            {
                "kind": p.kind,
                "name": p.name,
                "credit_code": p.credit_code,
                "address": p.address,
                "id_number": p.id_number if unmasked else p.masked_id_number,
                "phone": p.phone if unmasked else p.masked_phone,
            }
            for p in case.parties.all()
        ],
        "events": [
            {
                "transition": e.transition,
                "label": labels.get(e.transition, e.transition),
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": str(e.actor) if e.actor else e.actor_label,
                "at": e.at,
                "effective_on": e.effective_on,
                "reason": e.reason,
                "ledger_index": e.ledger_index,
            }
            for e in case.events.all()
        ],
        "available_transitions": [t.name for t in selectors.transitions_for(user, case)],
    }
    return data


def _case_pk(user, case_id: str) -> int:
    return selectors.case_by_public_id(user, parse_public_id(case_id)).pk


@router.get("/cases", response=list[CaseSummary], summary="我可见的案件（分页）")
@paginate(PageNumberPagination)
def list_cases(request, state: str = "", q: str = "", open_only: bool = False, mine: bool = False):
    today = timezone.localdate()
    cases = selectors.case_list(request.user, state=state, q=q, open_only=open_only, mine=mine)
    return _LazySummaries(cases, today)


class _LazySummaries:
    """Lets the paginator slice the queryset first, then builds summaries for one page only."""

    def __init__(self, queryset, today):
        self.queryset, self.today = queryset, today

    def __len__(self):
        return self.queryset.count()

    def count(self):
        return self.queryset.count()

    def __getitem__(self, item):
        return [summary(c, self.today) for c in self.queryset[item]]


@router.get("/cases/transitions", response=list[TransitionOut], summary="办案程序转换表")
def transition_table(request):
    return [
        {
            "name": t.name,
            "label": t.label,
            "sources": sorted(t.sources),
            "target": t.target,
            "action": t.action,
            "procedures": sorted(t.procedures),
            "rules": list(t.rules),
            "gates": list(t.gates),
        }
        for t in procedure.TRANSITIONS
    ]


@router.get("/cases/alerts", response=list[CaseSummary], summary="超期预警：已超期和 3 个工作日内到期的案件")
def alerts(request):
    today = timezone.localdate()
    order = list(dict.fromkeys(a.case.pk for a in selectors.deadline_alerts(request.user, today)))
    cases = {c.pk: c for c in selectors.case_list(request.user).filter(pk__in=order)}
    return [summary(cases[pk], today) for pk in order if pk in cases]


@router.get("/cases/{case_id}", response=CaseDetail, summary="案件详情")
def get_case(request, case_id: str):
    case = selectors.case_detail(request.user, _case_pk(request.user, case_id))
    return detail(request.user, case)


@router.post("/cases", response={201: CaseDetail}, summary="登记案件线索")
def create_case(request, payload: CaseIn):
    body = EnforcementBody.objects.filter(public_id=parse_public_id(payload.body)).first()
    if body is None:
        raise InvalidInput("执法主体不存在", fields={"body": ["执法主体不存在"]})
    data = payload.dict(exclude={"body", "parties"})
    case = services.register_case(request.user, body, data, payload.parties)
    return Status(201, detail(request.user, selectors.case_detail(request.user, case.pk)))


@router.post("/cases/{case_id}/transitions/{name}", response=CaseDetail, summary="执行办案程序操作")
def transition(request, case_id: str, name: str, payload: dict[str, Any] = Body(default=None)):  # noqa: B008
    pk = _case_pk(request.user, case_id)
    services.run_transition(request.user, pk, name, payload or {})
    return detail(request.user, selectors.case_detail(request.user, pk))
