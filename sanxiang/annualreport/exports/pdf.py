"""The report as PDF: HTML printed by WeasyPrint with the documents app's CJK font stack."""

from __future__ import annotations

from django.template.loader import render_to_string

from sanxiang.documents.rendering.fonts import font_stack
from sanxiang.documents.rendering.pdf import write_pdf

from .. import charts, selectors
from ..models import AnnualReport
from . import MANUAL_MARK, title


def build(report: AnnualReport) -> bytes:
    font_face, font_family = font_stack()
    html = render_to_string(
        "annualreport/pdf/report.html",
        {
            "report": report,
            "title": title(report),
            "sections": selectors.sections(report),
            "chart": charts.bar_chart("行政处罚决定按最重处罚种类分布（件）", selectors.penalty_bars(report)),
            "manual_mark": MANUAL_MARK,
            "font_face": font_face,
            "font_family": font_family,
        },
    )
    return write_pdf(html)
