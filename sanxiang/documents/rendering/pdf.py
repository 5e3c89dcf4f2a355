"""The PDF rendition: the same context laid out in HTML and printed by WeasyPrint (A4, CJK fonts)."""

from __future__ import annotations

import threading

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from .. import kinds
from .defaults import SIGN_LABELS
from .fonts import font_stack

_local = threading.local()


def font_config() -> FontConfiguration:
    """One font configuration per thread: loading the CJK fonts once saves most of a second."""
    if not hasattr(_local, "fonts"):
        _local.fonts = FontConfiguration()
    return _local.fonts


def sections(kind: kinds.Kind, context: dict) -> list[dict]:
    rows = []
    for field in kind.fields:
        value = context.get(field.key)
        if kind.layout == "letter" and not value:
            continue
        style = "parties" if field.key == "parties" else "block" if field.block else "line"
        if field.key == "body_text":
            style = "text"
        rows.append({"key": field.key, "label": field.label, "value": value or "", "style": style})
    return rows


def render(kind: kinds.Kind, context: dict) -> bytes:
    font_face, font_family = font_stack()
    html = render_to_string(
        "documents/pdf/document.html",
        {
            "kind": kind,
            "ctx": context,
            "rows": sections(kind, context),
            "signers": [SIGN_LABELS[role] for role in kind.signers],
            "font_face": font_face,
            "font_family": font_family,
        },
    )
    return HTML(string=html).write_pdf(font_config=font_config())


def write_pdf(html: str) -> bytes:
    """Print an HTML page (styled with fonts.font_stack()) to PDF with the thread's font configuration;
    every app's PDFs (boards, reports, exports) go through here."""
    return HTML(string=html).write_pdf(font_config=font_config())
