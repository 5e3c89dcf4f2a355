"""The one place that decides what a user may see and do (AUTHZ-02).

Every read of body-owned data goes through `scope()`; every single-object fetch goes through
`get_for()`. An object that exists in another body answers exactly like a missing one (404);
an object the user may see but not change answers 403.

Models opt in by declaring an `access` AccessPaths describing how to reach the owning body,
department and assigned officers' users from a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from sanxiang.core.errors import Forbidden, NotFound

from .choices import Role
from .permissions import ROLE_RIGHTS, Scope


@dataclass(frozen=True)
class AccessPaths:
    body: str
    department: str | None = None
    assignee_users: str | None = None


@dataclass(frozen=True)
class Grant:
    role: str
    body_id: int | None
    department_id: int | None


def grants_of(user) -> list[Grant]:
    """The user's role grants, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_sanxiang_grants", None)
    if cached is not None:
        return cached
    officer = getattr(user, "officer", None) if hasattr(user, "officer") else None
    department_id = officer.department_id if officer else None
    grants = [Grant(g.role, g.body_id, department_id) for g in user.grants.all()]
    user._sanxiang_grants = grants
    return grants


def roles_of(user, body_id: int | None = None) -> set[str]:
    return {g.role for g in grants_of(user) if body_id is None or g.body_id in (body_id, None)}


def can(user, action: str, body_id: int | None = None) -> bool:
    """Whether any grant gives `action` on objects of `body_id` (or anywhere, when None)."""
    for grant in grants_of(user):
        rights = ROLE_RIGHTS[grant.role]
        if action not in rights.actions:
            continue
        if (
            body_id is None
            or grant.body_id is None
            or grant.body_id == body_id
            or rights.case_scope == Scope.ALL
        ):
            return True
    return False


def _grant_filter(grant: Grant, paths: AccessPaths, user, model) -> Q | None:
    rights = ROLE_RIGHTS[grant.role]
    scope = rights.case_scope
    if scope == Scope.NONE:
        return None
    if scope == Scope.ALL:
        return Q()
    if grant.body_id is None:
        return None
    body_q = Q(**{f"{paths.body}_id": grant.body_id})
    if scope == Scope.BODY:
        return body_q
    if scope == Scope.DEPARTMENT and paths.department and grant.department_id:
        return body_q & Q(**{f"{paths.department}_id": grant.department_id})
    if paths.assignee_users:
        # A subquery, not a join: a row with two assigned officers must not come out twice, and
        # without fan-out the caller needs no DISTINCT (which sorts every visible row of a page).
        assigned = model._default_manager.filter(**{paths.assignee_users: user.pk}).values("pk")
        return body_q & Q(pk__in=assigned)
    return None


def scope(user, queryset: QuerySet, action: str) -> QuerySet:
    """Only the rows of `queryset` on which `user` holds `action`."""
    paths: AccessPaths = queryset.model.access
    combined: Q | None = None
    for grant in grants_of(user):
        if action not in ROLE_RIGHTS[grant.role].actions:
            continue
        q = _grant_filter(grant, paths, user, queryset.model)
        if q is None:
            continue
        if not q:  # Q() means everything
            return queryset
        combined = q if combined is None else combined | q
    if combined is None:
        return queryset.none()
    return queryset.filter(combined)


def get_for(
    user, queryset: QuerySet, *, action: str = "case.view", write_action: str | None = None, **lookup
) -> Model:
    """Fetch one object the user may see (else 404), and, if asked, may also change (else 403)."""
    model = queryset.model
    try:
        obj = scope(user, queryset, action).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"{model._meta.verbose_name}不存在") from None
    if write_action and not allowed_on(user, obj, write_action):
        raise Forbidden("您没有执行此操作的权限")
    return obj


def allowed_on(user, obj: Model, action: str) -> bool:
    """Whether `user` holds `action` on this particular object."""
    model = type(obj)
    return scope(user, model._default_manager.filter(pk=obj.pk), action).exists()


def is_city_supervisor(user) -> bool:
    return Role.SUPERVISOR in roles_of(user)
