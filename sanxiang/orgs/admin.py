"""Reference data in the Django admin: bodies, departments, officers and credentials, users, roles."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from sanxiang.core.errors import DomainError

from . import permissions as perm
from .admin_access import GrantedAdminMixin
from .models import Credential, Department, EnforcementBody, Officer, RoleGrant, User
from .services import grant_role


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(EnforcementBody)
class EnforcementBodyAdmin(GrantedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "credit_code", "region_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "credit_code"]
    inlines = [DepartmentInline]


class CredentialInline(admin.TabularInline):
    model = Credential
    extra = 0
    fields = ["number", "issuer", "fields", "valid_from", "valid_until", "status", "status_reason"]


@admin.register(Officer)
class OfficerAdmin(GrantedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "body",
        "department",
        "post",
        "staff_type",
        "has_legal_qualification",
        "is_active",
    ]
    list_filter = ["body", "staff_type", "has_legal_qualification", "is_active"]
    search_fields = ["name", "credentials__number"]
    list_select_related = ["body", "department"]
    inlines = [CredentialInline]
    raw_id_fields = ["user"]


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleGrant
        fields = ["user", "role", "body"]


@admin.register(RoleGrant)
class RoleGrantAdmin(GrantedAdminMixin, admin.ModelAdmin):
    """Grants go through orgs.services.grant_role so that AUTHZ-01 holds here too."""

    admin_action = perm.ROLES_MANAGE
    form = RoleGrantForm
    list_display = ["user", "role", "body"]
    list_filter = ["role", "body"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # revoke and grant again; a grant is never edited in place

    def save_model(self, request, obj, form, change):
        try:
            grant = grant_role(obj.user, obj.role, obj.body)
        except DomainError as exc:
            messages.error(request, exc.message)
            return
        obj.pk = grant.pk

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)


@admin.register(User)
class UserAdmin(GrantedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "display_name", "is_active", "must_change_password", "last_login"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "email")}),
        ("状态", {"fields": ("is_active", "must_change_password", "password_changed_at", "last_login")}),
    )
    readonly_fields = ["password_changed_at", "last_login"]
