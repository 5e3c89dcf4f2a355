"""Writes to the calendar. Each one bumps the revision and announces the change after commit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sanxiang.core import hooks
from sanxiang.core.errors import InvalidInput

from . import CALENDAR_CHANGED, seed, snapshot
from .choices import CalendarSource
from .models import CalendarRevision, CalendarYear, SpecialDay, validate_special_days


def import_year(
    year: int,
    rows: Iterable,
    source: str,
    actor=None,
    *,
    is_official: bool = True,
    note: str | None = None,
) -> CalendarYear:
    """Replace one year's special days atomically and mark the year official (unless told otherwise).

    Rows are (date, kind, name) as accepted by `models.validate_special_days`; an invalid row
    raises InvalidInput before anything is written. Existing days of that year are replaced.
    """
    if source not in CalendarSource.values:
        raise InvalidInput(f"来源“{source}”无效", fields={"source": ["来源无效"]})
    clean = validate_special_days(year, rows)
    with transaction.atomic():
        defaults = {
            "source": source,
            "is_official": is_official,
            "loaded_at": timezone.now(),
            "loaded_by": _actor_name(actor),
        }
        if note is not None:
            defaults["note"] = note
        calendar_year, _ = CalendarYear.objects.update_or_create(year=year, defaults=defaults)
        calendar_year.special_days.all().delete()
        SpecialDay.objects.bulk_create(
            SpecialDay(calendar_year=calendar_year, date=row.date, kind=row.kind, name=row.name)
            for row in clean
        )
        _calendar_changed({year})
    return calendar_year


def record_calendar_edit(calendar_year: CalendarYear, actor=None, *, days_changed: bool = True) -> None:
    """Record an edit made through the admin (the days are already saved) and announce it.

    Re-validates the stored days so that no other path can leave an invalid year behind.
    """
    with transaction.atomic():
        stored = calendar_year.special_days.values_list("date", "kind", "name")
        validate_special_days(calendar_year.year, stored)
        if days_changed:
            calendar_year.source = CalendarSource.MANUAL
        calendar_year.loaded_at = timezone.now()
        calendar_year.loaded_by = _actor_name(actor)
        calendar_year.save(update_fields=["source", "loaded_at", "loaded_by"])
        _calendar_changed({calendar_year.year})


def delete_year(calendar_year: CalendarYear, actor=None) -> None:
    """Remove a year's arrangement; its dates become provisional (weekends only) again."""
    with transaction.atomic():
        year = calendar_year.year
        calendar_year.delete()
        _calendar_changed({year})


def load_package_years(actor=None, *, replace: bool = False) -> list[int]:
    """Load the years the installed chinesecalendar covers; keep years we already have unless `replace`."""
    present = set(CalendarYear.objects.values_list("year", flat=True))
    loaded = []
    for year in seed.package_years():
        if replace or year not in present:
            note = f"由 chinesecalendar {seed.package_version()} 载入"
            import_year(year, seed.package_rows(year), CalendarSource.PACKAGE, actor, note=note)
            loaded.append(year)
    return loaded


def _calendar_changed(years: set[int]) -> None:
    """Bump the revision inside the transaction; after commit, refresh caches and call the hook."""
    updated = CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        CalendarRevision.objects.update_or_create(pk=1, defaults={"number": 1})
    snapshot.invalidate()

    def announce() -> None:
        snapshot.invalidate()
        hooks.call(CALENDAR_CHANGED, years=set(years))

    # robust: the calendar is committed either way; a failing handler is logged, not raised here.
    transaction.on_commit(announce, robust=True)


def _actor_name(actor) -> str:
    if actor is None:
        return ""
    get_username = getattr(actor, "get_username", None)
    return get_username() if get_username else str(actor)
