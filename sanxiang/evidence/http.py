"""HTTP plumbing shared by the API and the staff UI: Range parsing and file responses.

Ranges (RFC 9110 §14): one `bytes=a-b`, `bytes=a-` or `bytes=-n` is honoured with 206; a range
that starts past the end, or a malformed bytes range (`bytes=9-3`, `bytes=x`), answers 416 with
`Content-Range: bytes */size`; several ranges or another unit are ignored and the whole file is
sent (the RFC allows ignoring Range).
"""

from __future__ import annotations

import re

from django.http import JsonResponse, StreamingHttpResponse

from .content import content_disposition
from .errors import RangeNotSatisfiable
from .models import Evidence
from .services import custody

_ONE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str | None, size: int) -> tuple[int | None, int | None] | None:
    if not header:
        return None
    header = header.strip()
    if not header.lower().startswith("bytes=") or "," in header:
        return None
    match = _ONE_RANGE.fullmatch(header.replace(" ", ""))
    if not match or match[1] == match[2] == "":
        raise RangeNotSatisfiable("字节范围格式有误", size=size)
    first = int(match[1]) if match[1] else None
    last = int(match[2]) if match[2] else None
    if first is not None and last is not None and last < first:
        raise RangeNotSatisfiable("字节范围的结束位置早于开始位置", size=size)
    return first, last


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def serve(request, actor, evidence: Evidence, action: str, *, attachment: bool):
    """An authorised read: 200 or 206 streamed in blocks, 416 for an unsatisfiable range."""
    try:
        byte_range = parse_range(request.headers.get("Range"), evidence.size)
        served = custody.read(
            actor,
            evidence,
            action,
            byte_range=byte_range,
            reason=(request.GET.get("reason") or "")[:200],
            ip=client_ip(request),
        )
    except RangeNotSatisfiable as exc:
        response = JsonResponse(exc.as_dict(), status=416)
        response["Content-Range"] = f"bytes */{exc.size}"
        return response
    response = StreamingHttpResponse(
        served.chunks, status=206 if served.partial else 200, content_type=evidence.content_type
    )
    response["Content-Length"] = str(served.length)
    response["Accept-Ranges"] = "bytes"
    if served.partial:
        response["Content-Range"] = f"bytes {served.start}-{served.end}/{evidence.size}"
    response["Content-Disposition"] = content_disposition(evidence.name, inline=not attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; media-src 'self'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["ETag"] = f'"{evidence.sha256}"'
    return response
