"""The report as .docx, .xlsx and PDF, built from the same rows as the pages (selectors.sections)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sanxiang.core.errors import NotFound

from ..choices import ReportStatus
from ..models import AnnualReport


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str


FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
MANUAL_MARK = "手工填报"


def title(report: AnnualReport) -> str:
    draft = "" if report.status == ReportStatus.PUBLISHED else f"（{report.get_status_display()}）"
    return f"{report.owner_name}{report.year}年度行政执法统计年报{draft}"


def render(report: AnnualReport, fmt: str) -> Export:
    from . import docx, pdf, xlsx

    builders = {"docx": docx.build, "xlsx": xlsx.build, "pdf": pdf.build}
    if fmt not in builders:
        raise NotFound("不支持的导出格式")
    return Export(builders[fmt](report), FORMATS[fmt], f"{title(report)}.{fmt}")


def disposition(filename: str) -> str:
    """An attachment header with the Chinese file name (RFC 6266/5987) and an ASCII fallback."""
    ascii_name = f"annual-report.{filename.rsplit('.', 1)[-1]}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
