"""QR codes of the credential check (扫码亮证, CRED-02): each opens the credential's public page."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse


def credential_path(number: str) -> str:
    return reverse("disclosure_public:credential", args=[number])


def credential_url(number: str, request=None) -> str:
    """The absolute address the QR code holds: from the request, else SANXIANG_PUBLIC_URL, else a path."""
    path = credential_path(number)
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "SANXIANG_PUBLIC_URL", "").rstrip("/")
    return f"{base}{path}"


def _code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def svg(url: str, scale: int = 4) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=scale, border=2, xmldecl=False, title="扫码核验执法证件")
    return out.getvalue()


def png(url: str, scale: int = 6) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def png_data_uri(url: str, scale: int = 4) -> str:
    return _code(url).png_data_uri(scale=scale, border=2)
