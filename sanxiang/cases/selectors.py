"""Every read of case data, scoped to the acting user through orgs.access (AUTHZ-02)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from sanxiang.core import hooks
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm

from . import deadlines, procedure
from .choices import OPEN_STATES
from .models import Case, CaseOfficer, Deadline


def visible_cases(user) -> QuerySet[Case]:
    return access.scope(user, Case.objects.all(), perm.CASE_VIEW)


def case_list(
    user,
    *,
    state: str = "",
    q: str = "",
    body_id: int | None = None,
    open_only: bool = False,
    mine: bool = False,
) -> QuerySet[Case]:
    """Cases for list pages: a constant number of queries whatever the page size."""
    cases = visible_cases(user).select_related("body", "department")
    if mine:
        cases = cases.filter(pk__in=CaseOfficer.objects.filter(officer__user=user).values("case_id"))
    if state:
        cases = cases.filter(state=state)
    if open_only:
        cases = cases.filter(state__in=OPEN_STATES)
    if body_id:
        cases = cases.filter(body_id=body_id)
    if q:
        cases = cases.filter(
            Q(number__icontains=q)
            | Q(clue_number__icontains=q)
            | Q(cause__icontains=q)
            | Q(parties__name__icontains=q)
        ).distinct()
    open_deadlines = Deadline.objects.filter(met_on__isnull=True).order_by("due_date")
    return cases.prefetch_related(
        Prefetch("deadlines", queryset=open_deadlines, to_attr="open_deadlines"), "parties"
    ).order_by("-registered_on", "-id")


def case_detail(user, case_id: int) -> Case:
    queryset = Case.objects.select_related("body", "department", "hearing_host").prefetch_related(
        "parties",
        Prefetch(
            "assignments",
            queryset=CaseOfficer.objects.select_related("officer").prefetch_related("officer__credentials"),
        ),
        "events__actor",
        "deadlines",
    )
    return access.get_for(user, queryset, pk=case_id)


def case_by_public_id(user, public_id) -> Case:
    return access.get_for(user, Case.objects.all(), public_id=public_id)


def transitions_for(user, case: Case) -> list[procedure.Transition]:
    """Only the actions this user may take on this case now."""
    return [t for t in procedure.available(case) if access.allowed_on(user, case, t.action)]


@dataclass(frozen=True)
class Alert:
    case: Case
    status: deadlines.DeadlineStatus


# Higher apps add their own deadlines to a body's scan (publication: DISC-01/02 publication and
# DISC-05 withdrawal). Handlers take today=, body_id= and user= (None for the scheduled scan) and
# return rows shaped like Alert (.case, .status with .deadline/.light/.days_left/.workdays_left).
EXTRA_ALERTS = "cases.deadline_alerts"


def _extra_alerts(today: datetime.date, body_id: int | None, user) -> list:
    return [
        a for rows in hooks.call(EXTRA_ALERTS, today=today, body_id=body_id, user=user) for a in rows or []
    ]


def _by_urgency(alerts: list) -> list:
    return sorted(alerts, key=lambda a: (a.status.deadline.due_date, a.case.pk))


def deadline_alerts(user, today: datetime.date, body_id: int | None = None) -> list[Alert]:
    """超期预警: every running deadline of the user's visible cases that is overdue or due within 3 working days."""
    own = system_deadline_alerts(today, body_id=body_id, cases=visible_cases(user), extra=False)
    return _by_urgency(own + _extra_alerts(today, body_id, user))


_ALERT_FIELDS = (
    *(f.name for f in Deadline._meta.concrete_fields),
    *(
        f"case__{name}"
        for name in (
            "id",
            "public_id",
            "body",
            "department",
            "procedure",
            "state",
            "clue_number",
            "number",
            "cause",
            "registered_on",
        )
    ),
    "case__body__id",
    "case__body__name",
    "case__body__short_name",
)


def system_deadline_alerts(
    today: datetime.date, *, body_id: int | None = None, cases=None, extra: bool = True
) -> list[Alert]:
    """The same scan without a user (the scheduled job); one indexed query over open deadlines,
    plus the deadlines other apps add (EXTRA_ALERTS) unless `extra` is False."""
    limit = deadlines.due_soon_limit(today)
    own = [Alert(d.case, deadlines.status(d, today, limit)) for d in _alert_rows(limit, body_id, cases)]
    if not extra:
        return own
    return _by_urgency(own + _extra_alerts(today, body_id, None))


def deadline_alerts_head(user, today: datetime.date, shown: int) -> tuple[list[Alert], int]:
    """The first `shown` alerts (most urgent first) and how many more there are: two queries,
    whatever the number of alerts, for pages that show a few (my cases; fix 6 in docs/benchmarks.md)."""
    limit = deadlines.due_soon_limit(today)
    rows = _alert_rows(limit, None, visible_cases(user))
    head = [Alert(d.case, deadlines.status(d, today, limit)) for d in rows[:shown]]
    total = rows.count() if len(head) == shown else len(head)
    extra = _extra_alerts(today, None, user)
    merged = _by_urgency(head + extra)[:shown]
    return merged, total + len(extra) - len(merged)


def _alert_rows(limit: datetime.date, body_id: int | None, cases):
    rows = Deadline.objects.filter(met_on__isnull=True, paused_on__isnull=True, due_date__lte=limit)
    if cases is not None:
        rows = rows.filter(case__in=cases)
    if body_id:
        rows = rows.filter(case__body_id=body_id)
    # Only what alert lists show: a Case row has ~60 columns (texts, JSON) and building them was
    # most of the scan's time (docs/benchmarks.md).
    return rows.select_related("case", "case__body").only(*_ALERT_FIELDS).order_by("due_date", "case_id")


def running_deadlines(case: Case, today: datetime.date) -> list[deadlines.DeadlineStatus]:
    limit = deadlines.due_soon_limit(today)
    items = getattr(case, "open_deadlines", None)
    if items is None:
        items = [d for d in case.deadlines.all() if d.met_on is None]
    return [deadlines.status(d, today, limit) for d in items if d.paused_on is None]
