"""Admin: enter a new year's arrangement when the State Council publishes it (国务院办公厅通知)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet

from sanxiang.core.errors import InvalidInput

from . import services
from .choices import CalendarSource, DayKind
from .models import CalendarYear, SpecialDay, validate_special_days


class SpecialDayFormSet(BaseInlineFormSet):
    """Applies the importer's rules (models.validate_special_days) to the year as a whole."""

    def clean(self):
        super().clean()
        year = self.instance.year
        if any(self.errors) or not year:
            return
        rows = [
            (form.cleaned_data["date"], form.cleaned_data["kind"], form.cleaned_data.get("name", ""))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            validate_special_days(year, rows)
        except InvalidInput as exc:
            raise ValidationError(exc.fields.get("rows") or [exc.message]) from None


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    formset = SpecialDayFormSet
    fields = ["date", "kind", "name"]
    extra = 3


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "is_official",
        "source",
        "holiday_count",
        "workday_count",
        "loaded_at",
        "loaded_by",
    ]
    list_filter = ["is_official", "source"]
    fields = ["year", "is_official", "note", "source", "loaded_at", "loaded_by"]
    inlines = [SpecialDayInline]

    def get_readonly_fields(self, request, obj=None):
        # The year is fixed once saved: its days would otherwise silently belong to another year.
        fixed = ["year"] if obj else []
        return [*fixed, "source", "loaded_at", "loaded_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                holidays=Count("special_days", filter=Q(special_days__kind=DayKind.HOLIDAY)),
                workdays=Count("special_days", filter=Q(special_days__kind=DayKind.WORKDAY)),
            )
        )

    @admin.display(description="工作日放假", ordering="holidays")
    def holiday_count(self, obj):
        return obj.holidays

    @admin.display(description="调休上班", ordering="workdays")
    def workday_count(self, obj):
        return obj.workdays

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = CalendarSource.MANUAL
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        days_changed = not change or any(formset.has_changed() for formset in formsets)
        services.record_calendar_edit(form.instance, request.user, days_changed=days_changed)

    def delete_model(self, request, obj):
        services.delete_year(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_year(obj, request.user)
