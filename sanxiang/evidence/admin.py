"""Read-only admin (EVD-02): nobody adds, changes or deletes evidence, custody or devices here.

Only technical fields are listed: file names and descriptions are case content, which the system
administrator must not see (AUTHZ-01). Devices are kept through the staff UI (evidence:devices).
"""

from django.contrib import admin

from .models import CustodyEvent, Device, Evidence, RecorderPolicy


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "case", "step", "kind", "size", "sm3", "status", "verified_at", "created_at"]
    list_filter = ["status", "kind"]
    fields = [
        "public_id",
        "case",
        "step",
        "kind",
        "content_type",
        "size",
        "sha256",
        "sm3",
        "status",
        "verified_at",
        "blocked_at",
        "ledger_index",
    ]
    readonly_fields = fields
    list_select_related = ["case"]
    search_fields = ["=sha256", "=sm3"]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ["evidence", "action", "actor", "actor_label", "at", "ledger_index"]
    list_filter = ["action"]
    fields = ["evidence", "action", "actor", "actor_label", "at", "byte_range", "ledger_index"]
    readonly_fields = fields


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ["number", "body", "kind", "model", "status"]
    list_filter = ["kind", "status", "body"]


@admin.register(RecorderPolicy)
class RecorderPolicyAdmin(ReadOnlyAdmin):
    list_display = ["body", "officers_per_device"]
