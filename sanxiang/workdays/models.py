"""The calendar data: one row per loaded year, one row per day that deviates from Mon–Fri.

A year without a CalendarYear row is *provisional*: Monday to Friday are working days and
Saturday and Sunday rest days. Only deviations are stored: weekday holidays (法定节假日落在
周一至周五的放假日) and weekend make-up workdays (调休上班日).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from django.db import models
from django.utils import timezone

from sanxiang.core.errors import InvalidInput

from .choices import KIND_ALIASES, WEEKDAY_NAMES, CalendarSource, DayKind

NAME_MAX_LENGTH = 30


class CalendarYear(models.Model):
    """One year's holiday arrangement (国务院办公厅节假日安排) as loaded into Sanxiang."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=16, choices=CalendarSource.choices)
    is_official = models.BooleanField(
        "官方安排",
        default=True,
        help_text="已与国务院办公厅通知核对。未勾选时，涉及该年的期限仍标记为临时推算（provisional）。",
    )
    note = models.TextField("备注", blank=True, help_text="例如通知文号：国办发明电〔2025〕7号")
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)
    loaded_by = models.CharField("载入人", max_length=150, blank=True)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年"


class SpecialDay(models.Model):
    """A date that deviates from the Mon–Fri rule: a weekday holiday or a weekend make-up workday."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name="年度", on_delete=models.CASCADE, related_name="special_days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=NAME_MAX_LENGTH, blank=True, help_text="如：国庆节")

    class Meta:
        verbose_name = "特殊日期"
        verbose_name_plural = "特殊日期"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DayKind.values), name="specialday_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class CalendarRevision(models.Model):
    """A single counter that every calendar write bumps, so other processes reload their cache."""

    number = models.PositiveBigIntegerField("版本号", default=0)

    class Meta:
        verbose_name = "工作日历版本"
        verbose_name_plural = "工作日历版本"

    def __str__(self) -> str:
        return f"第 {self.number} 版"


class SpecialDayRow(NamedTuple):
    """One line of an arrangement as given to `services.import_year`."""

    date: datetime.date
    kind: str
    name: str = ""


def validate_special_days(year: int, rows: Iterable) -> list[SpecialDayRow]:
    """Check one year's special days against the calendar's invariants.

    Rows may be SpecialDayRow, (date, kind[, name]) tuples or mappings. Returns clean rows sorted
    by date, or raises InvalidInput listing every problem (the admin and the importer share this).
    """
    problems: list[str] = []
    clean: dict[datetime.date, SpecialDayRow] = {}
    for number, raw in enumerate(rows, start=1):
        row = SpecialDayRow(**raw) if isinstance(raw, Mapping) else SpecialDayRow(*raw)
        problem = _row_problem(year, row, clean)
        if problem:
            problems.append(f"第 {number} 条：{problem}")
        else:
            kind = KIND_ALIASES.get(row.kind, row.kind)
            clean[row.date] = SpecialDayRow(row.date, DayKind(kind).value, (row.name or "").strip())
    if not problems and not clean:
        problems.append(f"{year} 年没有任何节假日或调休上班日，每年至少有春节等法定节假日，请检查数据")
    if problems:
        raise InvalidInput(f"{year} 年节假日安排有误：" + "；".join(problems), fields={"rows": problems})
    return sorted(clean.values())


def _row_problem(year: int, row: SpecialDayRow, seen: Mapping) -> str | None:
    if not isinstance(row.date, datetime.date) or isinstance(row.date, datetime.datetime):
        return f"日期“{row.date}”无效"
    day = f"{row.date:%Y-%m-%d}"
    weekday = WEEKDAY_NAMES[row.date.weekday()]
    kind = KIND_ALIASES.get(row.kind, row.kind)
    if row.date.year != year:
        return f"{day} 不属于 {year} 年"
    if kind not in DayKind.values:
        return f"类型“{row.kind}”无效，应为 holiday（休）或 workday（班）"
    if row.date in seen:
        return f"{day} 重复出现"
    if kind == DayKind.HOLIDAY and row.date.weekday() >= 5:
        return f"{day} 是{weekday}，本来就休息，不应登记为法定节假日（只登记落在周一至周五的放假日）"
    if kind == DayKind.WORKDAY and row.date.weekday() < 5:
        return f"{day} 是{weekday}，本来就上班，不应登记为调休上班日（只登记周六、周日上班的日子）"
    if len((row.name or "").strip()) > NAME_MAX_LENGTH:
        return f"{day} 的节日名称超过 {NAME_MAX_LENGTH} 个字"
    return None
