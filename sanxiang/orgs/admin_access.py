"""Who may use which part of the Django admin: by role action, not by Django's is_staff/permissions.

AUTHZ-01: the system admin manages reference data and users, the security admin manages role
grants and login locks, the audit admin only reads the ledger; nobody else enters the admin.
Every ModelAdmin registered on the site gets its rights from POLICY (by app) unless it declares
its own `admin_action` — so the rule lives here, in one place, for every app's admin.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models.base import ModelBase

from . import access
from . import permissions as perm

ADMIN_ACTIONS = (perm.ORGS_MANAGE, perm.ROLES_MANAGE, perm.AUDIT_VIEW)

# app label -> (action required, read-only)
POLICY: dict[str, tuple[str | None, bool]] = {
    "orgs": (perm.ORGS_MANAGE, False),
    "workdays": (perm.ORGS_MANAGE, False),
    "cases": (perm.ORGS_MANAGE, False),
    "documents": (perm.ORGS_MANAGE, False),
    "review": (perm.ORGS_MANAGE, False),
    "evidence": (perm.ORGS_MANAGE, True),
    "ledger": (perm.AUDIT_VIEW, True),
    "axes": (perm.ROLES_MANAGE, False),
    "api": (perm.ROLES_MANAGE, False),
}


def may_enter_admin(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or any(access.can(user, a) for a in ADMIN_ACTIONS))


class GrantedAdminMixin:
    """A ModelAdmin whose rights follow one role action (`admin_action`); `read_only` keeps it view-only."""

    admin_action: str | None = perm.ORGS_MANAGE
    read_only: bool = False

    def _granted(self, request) -> bool:
        user = request.user
        if not user.is_active:
            return False
        return user.is_superuser or (self.admin_action is not None and access.can(user, self.admin_action))

    def has_module_permission(self, request) -> bool:
        return self._granted(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._granted(request)

    def has_add_permission(self, request, *args) -> bool:
        return not self.read_only and self._granted(request) and _parent_allows_add(super(), request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return (
            not self.read_only
            and self._granted(request)
            and _parent_allows(super(), "has_change_permission", request, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            not self.read_only
            and self._granted(request)
            and _parent_allows(super(), "has_delete_permission", request, obj)
        )


def _parent_allows(parent, name: str, request, obj) -> bool:
    """A ModelAdmin may forbid more than the policy (e.g. read-only ledger admins); Django's own
    implementation would consult model permissions, which we do not use, so it is skipped."""
    method = getattr(parent, name)
    if getattr(method, "__func__", None) is getattr(admin.ModelAdmin, name):
        return True
    return method(request, obj)


def _parent_allows_add(parent, request, *args) -> bool:
    method = parent.has_add_permission
    if getattr(method, "__func__", None) in (
        admin.ModelAdmin.has_add_permission,
        admin.options.InlineModelAdmin.has_add_permission,
    ):
        return True
    return method(request, *args)


class SanxiangAdminSite(admin.AdminSite):
    site_header = "三项 · 系统管理"
    site_title = "三项"
    index_title = "基础数据管理"

    def has_permission(self, request) -> bool:
        return may_enter_admin(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GrantedAdminMixin):
            models = (
                [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
            )
            action, read_only = POLICY.get(models[0]._meta.app_label, (None, True))
            admin_class = type(
                admin_class.__name__,
                (GrantedAdminMixin, admin_class),
                {"admin_action": action, "read_only": read_only},
            )
        return super().register(model_or_iterable, admin_class, **options)
