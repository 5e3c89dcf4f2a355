"""The printable A4 position board (岗位信息公示牌) of a window, as PDF.

Laid out in HTML and printed by WeasyPrint with the documents app's CJK font stack, as
documents/rendering/pdf.py does; each credential holder on duty gets a QR code of the credential
check (CRED-02).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from sanxiang.documents.rendering.fonts import font_stack
from sanxiang.documents.rendering.pdf import write_pdf

from . import qr, selectors
from .models import Window


def board_context(window: Window, request=None) -> dict:
    people = []
    for person in selectors.board_people(window):
        code = (
            qr.png_data_uri(qr.credential_url(person.credential.number, request)) if person.credential else ""
        )
        people.append({"person": person, "qr": code})
    return {
        "window": window,
        "body": window.body,
        "people": people,
        "sample_forms": [line for line in window.sample_forms.splitlines() if line.strip()],
        "printed_on": timezone.localdate(),
    }


def render_pdf(window: Window, request=None) -> bytes:
    font_face, font_family = font_stack()
    html = render_to_string(
        "disclosure/board_pdf.html",
        board_context(window, request) | {"font_face": font_face, "font_family": font_family},
    )
    return write_pdf(html)
