"""The self-inspection report as .docx (python-docx) and PDF (WeasyPrint with the shared CJK fonts)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from django.template.loader import render_to_string
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Pt

from .choices import Assessment
from .models import SelfInspectionReport
from .selectors import ItemView, report_items


@dataclass(frozen=True)
class ReportContent:
    """Everything both renditions print, computed once."""

    report: SelfInspectionReport
    title: str
    items: list[ItemView]
    measures: list
    events: list


def content(report: SelfInspectionReport) -> ReportContent:
    title = f"{report.body.name}关于{report.campaign.title}的自查报告"
    return ReportContent(
        report,
        title,
        report_items(report),
        list(report.measures.select_related("item").order_by("deadline", "id")),
        list(report.events.select_related("actor").order_by("id")),
    )


def _assessment(view: ItemView) -> str:
    return Assessment(view.answer.assessment).label if view.answer and view.answer.assessment else "未自评"


def _indicators(view: ItemView) -> str:
    return "；".join(
        f"{i['title']}：{i['display']}（{i['threshold']}，{_status(i['status'])}）" for i in view.indicators
    )


def _status(code: str) -> str:
    return {"pass": "达标", "fail": "未达标", "no_data": "无数据"}.get(code, code)


def _font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def render_docx(report: SelfInspectionReport) -> bytes:
    c = content(report)
    document = docx.Document()
    _font(document)
    heading = document.add_heading(c.title, level=1)
    for run in heading.runs:
        run.font.name = "宋体"
        run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_paragraph(
        f"报送单位：{report.body.name}　状态：{report.get_status_display()}　"
        f"报送日期：{report.submitted_on or '尚未报送'}　指标统计期间：{report.campaign.period_start} 至 {report.campaign.period_end}"
    )
    document.add_heading("一、自查情况总体说明", level=2)
    for line in (report.narrative or "（未填写）").splitlines() or ["（未填写）"]:
        document.add_paragraph(line)
    document.add_heading("二、逐项自查情况", level=2)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("序号", "检查事项", "自评", "系统计算指标", "存在问题及佐证材料"), strict=False
    ):
        cell.text = text
    for view in c.items:
        cells = table.add_row().cells
        answer = view.answer
        remarks = "\n".join(
            filter(
                None,
                [answer.problems if answer else "", *(answer.links if answer else []), view.contradiction],
            )
        )
        for cell, text in zip(
            cells,
            (str(view.item.number), view.item.text, _assessment(view), _indicators(view), remarks),
            strict=False,
        ):
            cell.text = text
    document.add_heading("三、整改措施", level=2)
    if c.measures:
        measures = document.add_table(rows=1, cols=4)
        measures.style = "Table Grid"
        for cell, text in zip(
            measures.rows[0].cells, ("对应事项", "整改措施", "责任人", "完成时限"), strict=True
        ):
            cell.text = text
        for m in c.measures:
            cells = measures.add_row().cells
            for cell, text in zip(
                cells,
                (str(m.item.number) if m.item else "—", m.measure, m.owner, f"{m.deadline:%Y-%m-%d}"),
                strict=False,
            ):
                cell.text = text
    else:
        document.add_paragraph("无。")
    document.add_heading("四、办理记录", level=2)
    for e in c.events:
        who = str(e.actor) if e.actor else "系统"
        document.add_paragraph(f"{e.on:%Y-%m-%d}　{e.get_action_display()}　{who}　{e.reason}".rstrip())
    document.add_paragraph(f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(report: SelfInspectionReport) -> bytes:

    from sanxiang.documents.rendering.fonts import font_stack
    from sanxiang.documents.rendering.pdf import write_pdf

    c = content(report)
    font_face, font_family = font_stack()
    rows = [
        {
            "view": view,
            "assessment": _assessment(view),
            "indicators": [dict(i, status_label=_status(i["status"])) for i in view.indicators],
        }
        for view in c.items
    ]
    html = render_to_string(
        "supervision/pdf/report.html",
        {
            "c": c,
            "report": report,
            "rows": rows,
            "font_face": font_face,
            "font_family": font_family,
            "exported_at": timezone.localtime(),
        },
    )
    return write_pdf(html)
