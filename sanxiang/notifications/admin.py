"""Read-only admin: notifications are written by services only; the admin helps find failed e-mails."""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "kind", "created_at", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    search_fields = ("title", "user__username")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
