"""The report as a spreadsheet (openpyxl): one sheet of lines with numbers as numbers, one of notes."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from .. import selectors
from ..models import AnnualReport
from . import MANUAL_MARK, title


def _number(value):
    if value is None:
        return None
    return Decimal(value) if isinstance(value, str) else value


def build(report: AnnualReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "统计数据"
    sheet.append([title(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["统计年度", report.year, "报送期限", report.due_on.isoformat()])
    sheet.append(["栏目", "项目", "数值", "单位", "来源", "代码"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for block in selectors.sections(report):
        for row in block.rows:
            source = MANUAL_MARK if row.manual else "系统统计"
            sheet.append([block.title, row.label, _number(row.value), row.unit, source, row.code])
            if isinstance(row.value, str):
                sheet.cell(sheet.max_row, 3).number_format = "#,##0.00"
    for column, width in zip("ABCDEF", (34, 34, 14, 6, 10, 28), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("工作情况说明")
    notes.append(["年度工作情况说明"])
    for line in (report.narrative or "").splitlines():
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
