"""Who must act: the active users whose role grants hold an action, read from orgs.permissions.

The same data `orgs.access.can()` reads (ROLE_RIGHTS), asked the other way round: not "may this
user do X in body B" but "which users may do X in body B", so a notification reaches exactly the
people who can act on its link.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sanxiang.orgs.models import User
from sanxiang.orgs.permissions import ROLE_RIGHTS, Scope


def _roles(action: str, *, city_wide: bool) -> list[str]:
    return [
        role
        for role, rights in ROLE_RIGHTS.items()
        if action in rights.actions and (rights.case_scope == Scope.ALL) == city_wide
    ]


def body_holders(action: str, body_id: int, *, roles: tuple[str, ...] = ()) -> QuerySet[User]:
    """Active users holding `action` (or one of `roles`) through a grant in body `body_id`."""
    wanted = set(_roles(action, city_wide=False)) | set(roles)
    return (
        User.objects.filter(is_active=True, grants__body_id=body_id, grants__role__in=wanted)
        .distinct()
        .order_by("pk")
    )


def city_holders(action: str) -> QuerySet[User]:
    """Active users holding `action` city-wide (the justice bureau's supervisors)."""
    return (
        User.objects.filter(is_active=True, grants__role__in=_roles(action, city_wide=True))
        .distinct()
        .order_by("pk")
    )
