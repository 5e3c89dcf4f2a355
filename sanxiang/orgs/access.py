"""The one place that decides what a user may see and do (AUTHZ-02).

Every read of body-owned data goes through `scope()`; every single-object fetch goes through
`get_for()`. An object that exists in another body answers exactly like a missing one (404);
an object the user may see but not change answers 403.

Models opt in by declaring an `access` AccessPaths describing how to reach the owning body,
department and assigned officers' users from a row.

Besides role grants, an app may register an extra grant source (`register_grant_source`) for a
right that does not come from a role, e.g. an evaluator from another body reading the case files
drawn for their inspection team. Extra sources widen READ actions only (`READ_ACTIONS`); every
write right still comes from role grants alone, so an extra source can never let anyone change data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet

from sanxiang.core.errors import Forbidden, NotFound

from .choices import Role
from .permissions import READ_ACTIONS, ROLE_RIGHTS, Scope


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


# --- extra grant sources (READ actions only) -----------------------------------------------------

# fn(user, action, model) -> Q on `model` | QuerySet of subject ids | None (nothing granted)
GrantSourceFn = Callable[[object, str, type[Model]], "Q | QuerySet | None"]


@dataclass(frozen=True)
class GrantSource:
    name: str
    fn: GrantSourceFn
    subject: str  # "app_label.Model" whose ids a QuerySet answer holds


_SOURCES: dict[str, GrantSource] = {}


def register_grant_source(name: str, fn: GrantSourceFn, *, subject: str = "cases.Case") -> None:
    """Register an extra source of READ rights, OR-ed into `scope()`, `get_for()` and `allowed_on()`.

    `fn(user, action, model)` is asked only for an authenticated, active user and an action in
    `READ_ACTIONS`. It answers None (nothing), a Q on `model` itself, or a QuerySet of `subject` ids
    (e.g. case ids); ids are mapped to `model` through its AccessPaths (a Document reaches its case by
    `case`, a CustodyEvent by `evidence__case`), and a model that does not reach `subject` gets nothing.
    An id answer is evaluated once per user object (i.e. once per request) and costs no SQL at all
    when empty. Registering the same name again replaces the source (apps' `ready()` may run twice).
    """
    _SOURCES[name] = GrantSource(name, fn, subject)


def unregister_grant_source(name: str) -> None:
    _SOURCES.pop(name, None)


def subject_path(model: type[Model], subject: type[Model]) -> str | None:
    """The lookup from `model` to `subject` along the body path of its AccessPaths ("pk" for itself)."""
    if model is subject:
        return "pk"
    parts = model.access.body.split("__")[:-1]  # "evidence__case__body" -> evidence, case
    current = model
    for i, part in enumerate(parts):
        try:
            current = current._meta.get_field(part).related_model
        except FieldDoesNotExist:
            return None
        if current is None:
            return None
        if current is subject:
            return "__".join(parts[: i + 1])
    return None


def _extra_ids(user, source: GrantSource, action: str, answer: QuerySet) -> list:
    """The ids, evaluated once per user object like `grants_of` (an id answer must not depend on model)."""
    cache = getattr(user, "_sanxiang_extra_ids", None)
    if cache is None:
        cache = {}
        user._sanxiang_extra_ids = cache
    key = (source.name, action)
    if key not in cache:
        cache[key] = list(answer)
    return cache[key]


def _extra_filter(user, action: str, model: type[Model]) -> Q | None:
    """The OR of every registered source's answer for (user, action, model); None when nothing."""
    if action not in READ_ACTIONS or not _SOURCES:
        return None
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    combined: Q | None = None
    for source in _SOURCES.values():
        answer = source.fn(user, action, model)
        if answer is None:
            continue
        if isinstance(answer, QuerySet):
            path = subject_path(model, apps.get_model(source.subject))
            if path is None:
                continue
            ids = _extra_ids(user, source, action, answer)
            if not ids:
                continue
            answer = Q(**{f"{path}__in": ids})
        if not answer:  # a source never grants "everything"
            continue
        combined = answer if combined is None else combined | answer
    return combined


def scope(user, queryset: QuerySet, action: str) -> QuerySet:
    """Only the rows of `queryset` on which `user` holds `action` (role grants, then extra sources)."""
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
    extra = _extra_filter(user, action, queryset.model)
    if extra is not None:
        combined = extra if combined is None else combined | extra
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
