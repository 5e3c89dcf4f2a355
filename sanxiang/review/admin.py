"""Review configuration in the admin. Catalogues, benchmarks and reviews are edited only through the
review pages (versioned, ledgered services), so the admin shows the per-body time limits alone."""

from django.contrib import admin

from .models import ReviewRules


@admin.register(ReviewRules)
class ReviewRulesAdmin(admin.ModelAdmin):
    list_display = ["body", "time_limit_workdays", "extension_workdays"]
