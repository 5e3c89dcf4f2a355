"""The table of contents (卷内目录) as a PDF, laid out by WeasyPrint with the documents app's CJK fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class TocItem:
    """One line of the table of contents."""

    seq: int
    title: str
    number: str  # 文号, or "" (records carry the case number instead)
    date: str  # YYYY-MM-DD
    extent: str  # "3 页" for documents, a size for files
    note: str  # files in the ZIP, superseded marks


def pdf_pages(data: bytes) -> int | None:
    """Page count of a PDF, None when it cannot be read (e.g. the test suite's stub renderings)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, OSError):
        return None


def human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""  # pragma: no cover - unreachable


def render(context: dict) -> bytes:
    """The PDF; `context` has `case`, `body`, `items` (TocItem), `exported_at`, `export_id`, `tree_head`."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from sanxiang.documents.rendering.fonts import font_stack

    font_face, font_family = font_stack()
    html = render_to_string(
        "archive/toc.html", {**context, "font_face": font_face, "font_family": font_family}
    )
    return HTML(string=html).write_pdf(font_config=FontConfiguration())
