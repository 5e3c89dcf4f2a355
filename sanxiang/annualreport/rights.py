"""Who may do what with annual reports, in terms of the existing actions of orgs.permissions.

A body's report: its disclosure staff prepare and publish it (DISCLOSURE_MANAGE), its agency head
approves it (PUBLICATION_APPROVE, the head's sign-off on what the body publishes) and may publish it
too; the justice bureau's supervisors read every body's report (SUPERVISION_MANAGE, city-wide).
The city-wide report (body = None) is prepared, approved and published by the bureau's supervisors.
Anyone else, and anyone asking about another body, gets the same 404 as for a missing report.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody

VIEW = (perm.DISCLOSURE_MANAGE, perm.PUBLICATION_APPROVE, perm.SUPERVISION_MANAGE)
BODY_RIGHTS = {
    "prepare": (perm.DISCLOSURE_MANAGE,),
    "approve": (perm.PUBLICATION_APPROVE,),
    "publish": (perm.DISCLOSURE_MANAGE, perm.PUBLICATION_APPROVE),
}
CITY_RIGHT = perm.SUPERVISION_MANAGE


def visible(user, queryset: QuerySet) -> QuerySet:
    """The reports of `queryset` the user may read in the staff UI and API."""
    combined = Q(pk__in=[])
    for action in VIEW:
        combined |= Q(pk__in=access.scope(user, queryset.model.objects.all(), action).values("pk"))
    return queryset.filter(combined)


def may_view(user, body_id: int | None) -> bool:
    if body_id is None:
        return access.can(user, CITY_RIGHT)
    return any(access.can(user, action, body_id) for action in VIEW)


def may(user, step: str, body_id: int | None) -> bool:
    """`step` is prepare, approve or publish."""
    if body_id is None:
        return access.can(user, CITY_RIGHT)
    return any(access.can(user, action, body_id) for action in BODY_RIGHTS[step])


def reporting_bodies() -> QuerySet:
    """Bodies that file a report: every active body except the justice bureau, which compiles the city's."""
    return EnforcementBody.objects.filter(is_active=True, is_justice_bureau=False).order_by("name")
