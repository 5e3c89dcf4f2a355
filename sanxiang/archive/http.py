"""The streamed ZIP response shared by the staff UI and the API."""

from __future__ import annotations

from urllib.parse import quote

from django.http import StreamingHttpResponse

from .services import Prepared


def zip_response(prepared: Prepared) -> StreamingHttpResponse:
    """A download of the ZIP as it is produced (no Content-Length: the archive is never held whole)."""
    response = StreamingHttpResponse(prepared.chunks, content_type="application/zip")
    fallback = f"case-file-{prepared.export.public_id}.zip"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(prepared.file_name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["X-Archive-Export"] = str(prepared.export.public_id)
    response["X-Archive-Manifest-SHA256"] = prepared.export.manifest_sha256
    return response


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
