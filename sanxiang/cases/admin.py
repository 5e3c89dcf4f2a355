"""Case configuration in the admin. Cases themselves are never edited here: state changes only
through the transition table (cases.services), so the admin shows no Case model at all."""

from django.contrib import admin

from .models import ProcedureRules


@admin.register(ProcedureRules)
class ProcedureRulesAdmin(admin.ModelAdmin):
    list_display = [
        "body",
        "hearing_fine_threshold_person",
        "hearing_fine_threshold_org",
        "statement_period_workdays",
        "filing_period_workdays",
        "decision_period_days",
        "decision_extension_days",
    ]
