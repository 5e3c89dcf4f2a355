"""Who may do what in legal review, on top of the case actions of orgs.permissions.

The review app reuses the case actions (CASE_HANDLE for the handling unit, CASE_REVIEW for the
legal-review unit, CASE_DECIDE for the agency head) and adds one action of its own:
CITY_CATALOGUE_MANAGE, editing the city-wide default catalogue and benchmarks. It belongs to the
justice bureau: users with Role.SUPERVISOR, or an agency head or legal reviewer of a body marked
`is_justice_bureau`. It touches reference data only, never case data, so AUTHZ-04 (supervisors
never write cases) still holds.
"""

from __future__ import annotations

from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.choices import Role
from sanxiang.orgs.models import EnforcementBody

CITY_CATALOGUE_MANAGE = "review.city_catalogue.manage"
FLAG_ACTIONS = (perm.CASE_HANDLE, perm.CASE_APPROVE, perm.CASE_REVIEW, perm.CASE_DECIDE)
BODY_CATALOGUE_ROLES = frozenset({Role.AGENCY_HEAD, Role.LEGAL_REVIEWER})


def may_on_case(user, case, *actions: str) -> bool:
    return any(access.allowed_on(user, case, action) for action in actions)


def can_manage_city_catalogue(user) -> bool:
    grants = access.grants_of(user)
    if any(g.role == Role.SUPERVISOR for g in grants):
        return True
    bureau_ids = {g.body_id for g in grants if g.role in BODY_CATALOGUE_ROLES and g.body_id}
    return (
        bool(bureau_ids)
        and EnforcementBody.objects.filter(pk__in=bureau_ids, is_justice_bureau=True).exists()
    )


def can_manage_catalogue(user, body_id: int | None) -> bool:
    """A body's catalogue and benchmarks: its agency head and legal reviewers; the city default: see above."""
    if body_id is None:
        return can_manage_city_catalogue(user)
    return any(g.role in BODY_CATALOGUE_ROLES and g.body_id == body_id for g in access.grants_of(user))


def catalogue_body_ids(user) -> set[int]:
    """Bodies whose catalogues the user may read in the staff UI (any grant there)."""
    return {g.body_id for g in access.grants_of(user) if g.body_id}


def can_read_catalogue(user, body_id: int | None) -> bool:
    if not access.grants_of(user):
        return False
    if body_id is None or access.is_city_supervisor(user):
        return True
    return body_id in catalogue_body_ids(user)


def statistics_body_ids(user) -> set[int] | None:
    """None = every body (supervisors); else the bodies where the user is agency head."""
    grants = access.grants_of(user)
    if any(g.role == Role.SUPERVISOR for g in grants):
        return None
    return {g.body_id for g in grants if g.role == Role.AGENCY_HEAD and g.body_id}
