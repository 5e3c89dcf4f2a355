"""Seed every year the installed chinesecalendar package covers (2004–2026 in 1.11).

Only deviations from Mon–Fri are stored, with bulk inserts, so test-database creation stays fast.
Years published later are loaded with `sanxiang workdays import` / `load-package` or the admin.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from sanxiang.workdays import seed as package

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")

    now = timezone.now()
    note = f"由 chinesecalendar {package.package_version()} 载入"
    present = set(CalendarYear.objects.values_list("year", flat=True))
    years = [year for year in package.package_years() if year not in present]
    CalendarYear.objects.bulk_create(
        CalendarYear(year=year, source="package", is_official=True, note=note, loaded_at=now) for year in years
    )
    ids = dict(CalendarYear.objects.filter(year__in=years).values_list("year", "id"))
    SpecialDay.objects.bulk_create(
        SpecialDay(calendar_year_id=ids[year], date=day, kind=kind, name=name)
        for year in years
        for day, kind, name in package.package_rows(year)
    )
    CalendarRevision.objects.update_or_create(pk=1, defaults={"number": 1})


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
