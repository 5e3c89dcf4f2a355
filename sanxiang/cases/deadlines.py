"""Statutory deadlines of a case: started, met, paused and recomputed from the working-day calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sanxiang.workdays.selectors import add_calendar_days, add_workdays, workdays_between

from .choices import DeadlineKind, DeadlineUnit, Light
from .models import Case, Deadline

DUE_SOON_WORKDAYS = 3

# kind -> (rule id, unit)
DEADLINE_RULES: dict[str, tuple[str, str]] = {
    DeadlineKind.FILING: ("CASE-04", DeadlineUnit.WORKDAYS),
    DeadlineKind.DECISION: ("CASE-05", DeadlineUnit.DAYS),
    DeadlineKind.STATEMENT: ("CASE-07", DeadlineUnit.WORKDAYS),
    DeadlineKind.HEARING_REQUEST: ("CASE-09", DeadlineUnit.WORKDAYS),
    DeadlineKind.SERVICE: ("CASE-11", DeadlineUnit.WORKDAYS),
    DeadlineKind.PAYMENT: ("CASE-14", DeadlineUnit.DAYS),
    DeadlineKind.PRESERVATION: ("CASE-06", DeadlineUnit.WORKDAYS),
    DeadlineKind.COERCIVE_MEASURE: ("CASE-15", DeadlineUnit.DAYS),
}


def compute_due(deadline: Deadline) -> None:
    """Derive due_date and provisional from start, count, unit and extra days."""
    if deadline.unit == DeadlineUnit.WORKDAYS:
        result = add_workdays(deadline.start_date, deadline.count + deadline.extra_days)
    else:
        result = add_calendar_days(deadline.start_date, deadline.count + deadline.extra_days)
    deadline.due_date, deadline.provisional = result.date, result.provisional


def start(case: Case, kind: str, start_date: datetime.date, count: int) -> Deadline:
    rule, unit = DEADLINE_RULES[kind]
    deadline = Deadline.objects.filter(case=case, kind=kind).first() or Deadline(case=case, kind=kind)
    deadline.rule, deadline.unit, deadline.start_date, deadline.count = rule, unit, start_date, count
    deadline.extra_days, deadline.met_on, deadline.paused_on = 0, None, None
    compute_due(deadline)
    deadline.save()
    return deadline


def meet(case: Case, kinds: list[str], day: datetime.date) -> None:
    Deadline.objects.filter(case=case, kind__in=kinds, met_on__isnull=True).update(met_on=day)


def meet_all(case: Case, day: datetime.date) -> None:
    Deadline.objects.filter(case=case, met_on__isnull=True).update(met_on=day)


def pause(case: Case, kind: str, day: datetime.date) -> None:
    Deadline.objects.filter(case=case, kind=kind, met_on__isnull=True, paused_on__isnull=True).update(
        paused_on=day
    )


def resume(case: Case, kind: str, day: datetime.date) -> None:
    """CASE-05: time spent suspended does not count; the period is lengthened by it."""
    deadline = Deadline.objects.filter(case=case, kind=kind, paused_on__isnull=False).first()
    if deadline is None:
        return
    deadline.extra_days += max((day - deadline.paused_on).days, 0)
    deadline.paused_on = None
    compute_due(deadline)
    deadline.save()


def extend(case: Case, kind: str, days: int) -> None:
    deadline = Deadline.objects.get(case=case, kind=kind)
    deadline.extra_days += days
    compute_due(deadline)
    deadline.save()


def recompute_provisional(years: set[int]) -> int:
    """Recompute stored deadlines that were computed without official data for `years`."""
    changed = 0
    for deadline in Deadline.objects.filter(provisional=True).iterator(chunk_size=2000):
        old = (deadline.due_date, deadline.provisional)
        compute_due(deadline)
        if (deadline.due_date, deadline.provisional) != old:
            deadline.save(update_fields=["due_date", "provisional"])
            changed += 1
    return changed


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: Deadline
    light: str
    days_left: int  # calendar days; negative when overdue
    workdays_left: int

    @property
    def label(self) -> str:
        return Light(self.light).label


def status(
    deadline: Deadline, today: datetime.date, due_soon_limit: datetime.date | None = None
) -> DeadlineStatus:
    """Traffic light for one running deadline: red overdue, yellow due within 3 working days."""
    limit = due_soon_limit or add_workdays(today, DUE_SOON_WORKDAYS).date
    if deadline.due_date < today:
        light = Light.RED
    elif deadline.due_date <= limit:
        light = Light.YELLOW
    else:
        light = Light.GREEN
    days_left = (deadline.due_date - today).days
    if days_left >= 0:
        workdays_left = workdays_between(today, deadline.due_date).count
    else:
        workdays_left = -workdays_between(deadline.due_date, today).count
    return DeadlineStatus(deadline, light, days_left, workdays_left)


def due_soon_limit(today: datetime.date) -> datetime.date:
    return add_workdays(today, DUE_SOON_WORKDAYS).date
