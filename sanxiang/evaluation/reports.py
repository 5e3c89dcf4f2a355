"""The evaluation report and notices as .docx (python-docx) and PDF (WeasyPrint with the CJK stack).

Both renditions are built from one neutral spec: a title, meta lines and sections holding
paragraphs and tables, so the .docx and the PDF always say the same thing.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt

from sanxiang.documents.rendering.fonts import font_stack

from . import selectors
from .choices import Section
from .models import InspectionPlan, Notice

SECTION_LABELS = dict(Section.choices)


def plan_report(plan: InspectionPlan) -> dict:
    results = selectors.results_by_body(plan)
    problems = selectors.common_problems(plan)
    grades = [g["label"] for g in plan.rubric.grades]
    return {
        "title": f"{plan.title}案卷评查情况报告",
        "meta": [
            f"年度：{plan.year}    检查期间：{plan.window_start:%Y-%m-%d} 至 {plan.window_end:%Y-%m-%d}",
            f"抽查范围：{plan.cases_from:%Y-%m-%d} 至 {plan.cases_to:%Y-%m-%d} 结案的案卷，每层抽取 {plan.per_stratum} 卷",
            f"评分标准：{plan.rubric.name}（否决项一票否决；案卷形式 {plan.rubric.form_points} 分、"
            f"案卷实体 {plan.rubric.substance_points} 分）    随机种子：{plan.seed or '未抽取'}",
        ],
        "sections": [
            {"heading": "一、检查范围与内容", "paragraphs": [plan.scope or "（未填写）"]},
            {
                "heading": "二、各单位评查结果",
                "table": {
                    "head": ["单位", "抽查", "已评", "平均分", "否决", *grades],
                    "rows": [
                        [
                            r.body.name,
                            str(r.sampled),
                            str(r.scored),
                            str(r.average) if r.average is not None else "—",
                            str(r.vetoed),
                            *[str(r.grades.get(g, 0)) for g in grades],
                        ]
                        for r in results
                    ],
                },
            },
            {
                "heading": "三、共性问题",
                "table": {
                    "head": ["部分", "问题", "涉及案卷", "问题处数", "扣分合计"],
                    "rows": [
                        [
                            SECTION_LABELS.get(p["item__section"], p["item__section"]),
                            p["item__label"],
                            str(p["files"]),
                            str(p["defects"]),
                            str(p["points"]),
                        ]
                        for p in problems
                    ],
                },
                "paragraphs": [] if problems else ["未发现问题。"],
            },
        ],
    }


def notice_spec(notice: Notice) -> dict:
    return {
        "title": notice.title,
        "meta": [f"文号：{notice.number or '（草稿）'}", f"主送：{notice.body.name}"],
        "sections": [
            {"heading": "", "paragraphs": notice.text.splitlines()},
            {
                "heading": "整改事项",
                "table": {
                    "head": ["序号", "问题及整改要求", "整改期限", "状态"],
                    "rows": [
                        [
                            str(i.number),
                            i.text,
                            f"{i.deadline:%Y-%m-%d}" if notice.issued_on else "下发后确定",
                            i.get_status_display(),
                        ]
                        for i in notice.items.all()
                    ],
                },
            },
            {
                "heading": "",
                "paragraphs": [f"下发日期：{notice.issued_on:%Y年%m月%d日}" if notice.issued_on else ""],
            },
        ],
    }


def docx_bytes(spec: dict) -> bytes:
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_heading(spec["title"], level=0)
    for line in spec["meta"]:
        document.add_paragraph(line)
    for section in spec["sections"]:
        if section.get("heading"):
            document.add_heading(section["heading"], level=1)
        for paragraph in section.get("paragraphs", []):
            document.add_paragraph(paragraph)
        table = section.get("table")
        if table and table["rows"]:
            grid = document.add_table(rows=1, cols=len(table["head"]))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table["head"], strict=True):
                cell.text = text
            for row in table["rows"]:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(spec: dict) -> bytes:

    from sanxiang.documents.rendering.pdf import write_pdf

    font_face, font_family = font_stack()
    html = render_to_string(
        "evaluation/report_pdf.html", {"spec": spec, "font_face": font_face, "font_family": font_family}
    )
    return write_pdf(html)
