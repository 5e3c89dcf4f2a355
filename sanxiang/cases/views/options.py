"""Choice lists for the case forms: which bodies, departments and officers a user may pick.

Read-only; every list starts from what orgs.access or cases.selectors already grant the user.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.choices import DepartmentKind
from sanxiang.orgs.models import Department, EnforcementBody, Officer

from .. import selectors


def bodies_with_visible_cases(user) -> QuerySet[EnforcementBody]:
    """Bodies owning at least one case the user may see (one query, whatever the role)."""
    return EnforcementBody.objects.filter(pk__in=selectors.visible_cases(user).values("body_id")).order_by(
        "name"
    )


def bodies_for_registration(user) -> list[EnforcementBody]:
    """Bodies in which the user may register a clue (case.create)."""
    body_ids = {g.body_id for g in access.grants_of(user) if g.body_id is not None}
    bodies = EnforcementBody.objects.filter(pk__in=body_ids, is_active=True).order_by("name")
    return [b for b in bodies if access.can(user, perm.CASE_CREATE, b.pk)]


def department_choices(body: EnforcementBody) -> list[tuple[int, str]]:
    departments = Department.objects.filter(body=body, kind=DepartmentKind.HANDLING).order_by("name")
    return [(d.pk, d.name) for d in departments]


def officer_choices(body_id: int, day: datetime.date, *, exclude_ids=()) -> list[tuple[int, str]]:
    """The body's serving officers, each marked with whether a credential is valid on `day` (CRED-01)."""
    officers = (
        Officer.objects.filter(body_id=body_id, is_active=True)
        .exclude(pk__in=exclude_ids)
        .select_related("department")
        .prefetch_related("credentials")
        .order_by("name")
    )
    choices = []
    for officer in officers:
        status = "持有效执法证" if officer.valid_credential_on(day) else "无有效执法证"
        where = f"{officer.department.name}，" if officer.department else ""
        choices.append((officer.pk, f"{officer.name}（{where}{status}）"))
    return choices
