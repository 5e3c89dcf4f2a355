"""Parsing of user input shared by the command line and the API; errors are Chinese InvalidInput."""

from __future__ import annotations

import csv
import datetime
import io
import re

from sanxiang.core.errors import InvalidInput

from .choices import KIND_ALIASES, DayKind
from .models import SpecialDayRow

MAX_DAYS = 10000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str | None, field: str = "date") -> datetime.date:
    """A YYYY-MM-DD date."""
    text = (text or "").strip()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        message = f"日期格式错误：“{text}”，应为 YYYY-MM-DD 格式的有效日期，如 2026-09-30"
        raise InvalidInput(message, fields={field: [message]}) from None


def parse_days(text: str | int | None, field: str = "days") -> int:
    """A whole number of days (or months) between 0 and MAX_DAYS."""
    text = str(text if text is not None else "").strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_DAYS:
        message = f"天数格式错误：“{text}”，应为 0 到 {MAX_DAYS} 之间的整数"
        raise InvalidInput(message, fields={field: [message]})
    return int(text)


def parse_year(text: str | int | None, field: str = "year") -> int:
    """A four-digit year."""
    text = str(text if text is not None else "").strip()
    if not re.fullmatch(r"\d{4}", text) or int(text) < 1:
        message = f"年份格式错误：“{text}”，应为四位数字，如 2027"
        raise InvalidInput(message, fields={field: [message]})
    return int(text)


def parse_kind(text: str | None, field: str = "kind") -> str:
    """holiday/workday, or the Chinese 休/班."""
    text = (text or "").strip()
    kind = KIND_ALIASES.get(text, text.lower())
    if kind not in DayKind.values:
        message = f"类型“{text}”无效，应为 holiday（休）或 workday（班）"
        raise InvalidInput(message, fields={field: [message]})
    return kind


def read_calendar_csv(data: bytes) -> list[SpecialDayRow]:
    """Rows of a `date,kind,name` CSV (UTF-8, with or without BOM, or GB18030 as Excel saves it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidInput("文件编码无法识别，请保存为 UTF-8 编码的 CSV 文件") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    if "date" not in header or "kind" not in header:
        raise InvalidInput("CSV 文件第一行应为表头 date,kind,name（日期,类型,名称）")
    reader.fieldnames = header
    rows, problems = [], []
    for record in reader:
        if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
            continue
        try:
            day = parse_date(record.get("date"))
            kind = parse_kind(record.get("kind"))
        except InvalidInput as exc:
            problems.append(f"第 {reader.line_num} 行：{exc.message}")
            continue
        rows.append(SpecialDayRow(day, kind, (record.get("name") or "").strip()))
    if problems:
        raise InvalidInput("CSV 文件有误，未导入任何数据：" + "；".join(problems), fields={"rows": problems})
    return rows


def year_of(rows: list[SpecialDayRow]) -> int:
    """The single year all rows belong to."""
    years = sorted({row.date.year for row in rows})
    if len(years) != 1:
        found = "、".join(map(str, years)) or "无"
        raise InvalidInput(f"无法确定年份：文件中的日期应属于同一年（发现：{found}），或用 --year 指定")
    return years[0]
