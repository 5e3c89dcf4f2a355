from django.contrib import admin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through annualreport.services (ledger entries)."""

    list_display = ("__str__", "status", "generated_on", "approved_on", "published_on")
    list_filter = ("status", "year")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
