"""The report as a Word document (python-docx), with the documents app's CJK font handling."""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from sanxiang.documents.rendering.defaults import FANGSONG, HEI, SONG, set_font

from .. import selectors
from ..models import AnnualReport
from . import MANUAL_MARK, title


def _para(doc, text: str, *, font=FANGSONG, size=12, bold=False, center=False):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    set_font(cell.paragraphs[0].add_run(text), FANGSONG, 11, bold)


def build(report: AnnualReport) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    set_font(doc.styles["Normal"], FANGSONG, 12)
    doc.core_properties.author = "三项 Sanxiang"
    doc.core_properties.created = doc.core_properties.modified = datetime.datetime(report.year + 1, 1, 1)
    _para(doc, title(report), font=SONG, size=18, bold=True, center=True)
    _para(
        doc,
        f"统计期间：{report.year}年1月1日至{report.year}年12月31日；报送期限：{report.due_on:%Y年%m月%d日}",
        center=True,
    )
    for block in selectors.sections(report):
        _para(doc, block.title, font=HEI, size=14)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("项目", "数值", "单位", "来源"), strict=True):
            _cell(cell, text, bold=True)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                (row.label, row.shown, row.unit, MANUAL_MARK if row.manual else "系统统计"),
                strict=True,
            ):
                _cell(cell, text)
    _para(doc, "九、年度工作情况说明", font=HEI, size=14)
    for line in (report.narrative or "（未填写）").splitlines():
        if line.strip():
            _para(doc, line.strip())
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
