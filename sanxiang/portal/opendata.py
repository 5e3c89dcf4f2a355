"""CSV and XLSX downloads of every published list, each stating the licence (open data)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from sanxiang.disclosure.opendata import DATASETS, LICENCE, LICENCE_NOTE, LICENCE_URL, Dataset


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(str(v.get("label", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def table(dataset: Dataset, body) -> tuple[list[str], list[list[str]]]:
    headers = [label for _key, label in dataset.columns]
    rows = [[_cell(row.get(key)) for key, _label in dataset.columns] for row in dataset.rows(body)]
    return headers, rows


def to_csv(dataset: Dataset, body) -> bytes:
    """UTF-8 with a BOM (so that spreadsheet programs read the Chinese), the licence on a '#' first line."""
    headers, rows = table(dataset, body)
    out = io.StringIO()
    out.write(f"# {dataset.title}。{LICENCE_NOTE}\n")
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(dataset: Dataset, body) -> bytes:
    headers, rows = table(dataset, body)
    book = Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    about = book.create_sheet("说明")
    for line in (
        ("数据集", dataset.title),
        ("执法主体", body.name if body else "全部"),
        ("许可", LICENCE),
        ("许可全文", LICENCE_URL),
        ("说明", LICENCE_NOTE),
        ("生成时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("记录数", str(len(rows))),
    ):
        about.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["DATASETS", "LICENCE", "LICENCE_URL", "to_csv", "to_xlsx"]
