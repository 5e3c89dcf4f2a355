"""Admin: the default look-back checklist is reference data the bureau may edit here."""

from django.contrib import admin

from .models import ChecklistTemplateItem


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(admin.ModelAdmin):
    list_display = ("number", "section", "text", "indicator_codes")
    list_filter = ("section",)
    ordering = ("number",)
