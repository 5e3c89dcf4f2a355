"""Helpers for the staff UI tests (the shared cast and `new_case` live in the conftest files)."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from sanxiang.cases.choices import DeadlineKind, DeadlineUnit, OfficerRole, PartyKind
from sanxiang.cases.models import Case, CaseOfficer, Deadline, Party
from sanxiang.testing import factories as f

BACKEND = "django.contrib.auth.backends.ModelBackend"
_serial = itertools.count(1)


def login(client, user):
    client.force_login(user, backend=BACKEND)
    return client


def html(response) -> str:
    return response.content.decode()


def bulk_cases(cast, count: int, *, due_in_days=lambda i: 30) -> list[Case]:
    """Open clues of body A assigned to cast.officer_a, each with a party and a running filing deadline.

    Written straight to the tables: list pages only read them, and this keeps 40 cases fast.
    """
    today = timezone.localdate()
    department = f.handling_department(cast.body_a)
    cases = []
    for i in range(count):
        n = next(_serial)
        case = Case.objects.create(
            body=cast.body_a,
            department=department,
            clue_number=f"测试线〔{today.year}〕{n}号",
            cause=f"测试案由{n}",
            facts="事实",
            place="地点",
            registered_on=today,
            discovered_on=today - datetime.timedelta(days=1),
            violation_ended_on=today - datetime.timedelta(days=2),
        )
        Party.objects.create(
            case=case,
            kind=PartyKind.NATURAL_PERSON,
            name=f"当事人{n}",
            id_number=f.id_number(n),
            address="河津市",
        )
        CaseOfficer.objects.create(case=case, officer=cast.officers_a[0], role=OfficerRole.LEAD)
        Deadline.objects.create(
            case=case,
            kind=DeadlineKind.FILING,
            rule="CASE-04",
            start_date=today,
            count=15,
            unit=DeadlineUnit.WORKDAYS,
            due_date=today + datetime.timedelta(days=due_in_days(i)),
        )
        cases.append(case)
    return cases
