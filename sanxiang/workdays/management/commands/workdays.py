"""`sanxiang workdays ...`: deadline arithmetic, look-ups and loading a year's arrangement."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.errors import InvalidInput
from sanxiang.workdays import inputs, selectors, services
from sanxiang.workdays.choices import WEEKDAY_NAMES, CalendarSource, DayKind

ONE_DAY = datetime.timedelta(days=1)
ACTOR = "命令行"
PERIODS = {
    "workdays": selectors.add_workdays,
    "calendar": selectors.add_calendar_days,
    "months": selectors.add_months,
}


class Command(BaseCommand):
    help = "法定工作日历：计算期限、查询工作日、导入和查看年度节假日安排"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="子命令")
        add = sub.add_parser("add", help="期限届满日：起算日（当日不计入）后第 N 个工作日等")
        add.add_argument("start", help="起算日，YYYY-MM-DD")
        add.add_argument("days", help="天数（或月数）")
        add.add_argument("--kind", choices=sorted(PERIODS), default="workdays", help="期间类型，默认工作日")
        between = sub.add_parser("between", help="A 之后至 B（含）之间的工作日数")
        between.add_argument("start")
        between.add_argument("end")
        sub.add_parser("is-workday", help="某日是否为工作日").add_argument("date")
        load = sub.add_parser("import", help="从 CSV 文件（date,kind,name）导入一年的节假日安排")
        load.add_argument("file")
        load.add_argument("--year", help="年份；省略时由文件中的日期确定")
        load.add_argument("--note", help="备注，如通知文号")
        load.add_argument("--draft", action="store_true", help="尚未核对的草稿：结果仍标记为临时推算")
        sub.add_parser("show", help="列出某年的节假日和调休上班日").add_argument("year")
        sub.add_parser("load-package", help="载入 chinesecalendar 包中尚未载入的年份").add_argument(
            "--replace", action="store_true", help="同时覆盖已载入的年份"
        )

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except InvalidInput as exc:
            raise CommandError(exc.message, returncode=2) from None
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def do_add(self, *, start, days, kind, **options):
        begin, n = inputs.parse_date(start, "start"), inputs.parse_days(days)
        result = PERIODS[kind](begin, n)
        self.warn_if_provisional(result.provisional, begin + ONE_DAY, result.date)
        self.stdout.write(result.date.isoformat())

    def do_between(self, *, start, end, **options):
        first, last = inputs.parse_date(start, "start"), inputs.parse_date(end, "end")
        result = selectors.workdays_between(first, last)
        self.warn_if_provisional(result.provisional, first + ONE_DAY, last)
        self.stdout.write(str(result.count))

    def do_is_workday(self, *, date, **options):
        day = inputs.parse_date(date)
        self.warn_if_provisional(selectors.is_provisional(day), day, day)
        self.stdout.write("yes" if selectors.is_workday(day) else "no")

    def do_import(self, *, file, year, note, draft, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}", returncode=2) from None
        rows = inputs.read_calendar_csv(data)
        number = inputs.parse_year(year) if year else inputs.year_of(rows)
        previous = selectors.calendar_year(number)
        calendar_year = services.import_year(
            number, rows, CalendarSource.IMPORT, ACTOR, is_official=not draft, note=note
        )
        holidays = sum(row.kind == DayKind.HOLIDAY for row in rows)
        replaced = f"，已替换原有数据（来源：{previous.get_source_display()}）" if previous else ""
        status = "官方安排" if calendar_year.is_official else "草稿（结果仍为临时推算）"
        self.stdout.write(
            f"已导入 {number} 年节假日安排（{status}）：法定节假日 {holidays} 天，"
            f"调休上班 {len(rows) - holidays} 天{replaced}"
        )

    def do_show(self, *, year, **options):
        number = inputs.parse_year(year)
        calendar_year = selectors.calendar_year(number)
        if calendar_year is None:
            self.warn_if_provisional(True, datetime.date(number, 1, 1), datetime.date(number, 1, 1))
            self.stdout.write(f"{number} 年：未载入，按周一至周五上班、周六周日休息推算")
            return
        status = "官方安排" if calendar_year.is_official else "草稿（临时推算）"
        loaded = f"{calendar_year.loaded_at:%Y-%m-%d}"
        self.stdout.write(
            f"{number} 年：{status}，来源 {calendar_year.get_source_display()}，载入于 {loaded}"
        )
        for day in selectors.special_days(number):
            mark = "休" if day.kind == DayKind.HOLIDAY else "班"
            self.stdout.write(f"{day.date.isoformat()} {WEEKDAY_NAMES[day.date.weekday()]} {mark} {day.name}")

    def do_load_package(self, *, replace, **options):
        years = services.load_package_years(ACTOR, replace=replace)
        listed = "、".join(map(str, years)) if years else "无（均已载入）"
        self.stdout.write(f"已从 chinesecalendar 载入年份：{listed}")

    def warn_if_provisional(self, provisional: bool, first: datetime.date, last: datetime.date) -> None:
        if not provisional:
            return
        years = selectors.provisional_years(first, last)
        unloaded = selectors.unloaded_years(years)
        for year in years:
            if year in unloaded:
                self.stderr.write(f"警告：{year} 年尚未载入国务院节假日安排，结果仅按周末推算（provisional）")
            else:
                self.stderr.write(
                    f"警告：{year} 年的节假日安排尚未确认为官方安排，结果为临时推算（provisional）"
                )
