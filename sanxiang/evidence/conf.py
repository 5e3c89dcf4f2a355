"""Limits and locations of the evidence app, read from settings at call time (override_settings works).

Every name is optional; docs/evidence.md lists them with their defaults.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

GIB = 1024**3
MIB = 1024**2


def _get(name: str, default):
    return getattr(settings, name, default)


def upload_tmp_dir() -> Path:
    """Where upload sessions keep their partial files: outside MEDIA_ROOT and the web root."""
    configured = _get("SANXIANG_UPLOAD_TMP", None)
    path = Path(configured) if configured else Path(settings.DATA_DIR) / "uploads-tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def storage_alias() -> str:
    """The STORAGES alias holding evidence blobs: SANXIANG_EVIDENCE_STORAGE, else "evidence", else "default"."""
    alias = _get("SANXIANG_EVIDENCE_STORAGE", None)
    if alias:
        return alias
    return "evidence" if "evidence" in settings.STORAGES else "default"


def max_file_bytes() -> int:
    return int(_get("SANXIANG_EVIDENCE_MAX_BYTES", 8 * GIB))


def max_open_sessions() -> int:
    """Open upload sessions one user may hold at a time (EVD-03 quota)."""
    return int(_get("SANXIANG_UPLOAD_MAX_SESSIONS", 6))


def max_open_bytes() -> int:
    """Sum of declared sizes of one user's open upload sessions (EVD-03 quota)."""
    return int(_get("SANXIANG_UPLOAD_QUOTA_BYTES", 24 * GIB))


def session_ttl_hours() -> int:
    """An upload session untouched for this long expires and `evidence gc` removes it (BAK-04)."""
    return int(_get("SANXIANG_UPLOAD_SESSION_HOURS", 24))


def form_upload_max_bytes() -> int:
    """Files sent through the staff UI's plain form; larger ones go through the chunk protocol."""
    return int(_get("SANXIANG_EVIDENCE_FORM_MAX_BYTES", 200 * MIB))


def verify_window_seconds() -> int:
    """A successful whole-file check covers range reads for this long (EVD-01)."""
    return int(_get("SANXIANG_EVIDENCE_VERIFY_WINDOW", 600))


def preverify_max_bytes() -> int:
    """Full reads of files up to this size are checked before the first byte is sent (a clean
    error); larger ones are checked while they stream and cut short on a mismatch."""
    return int(_get("SANXIANG_EVIDENCE_PREVERIFY_BYTES", 256 * MIB))


def custody_window_seconds() -> int:
    """Repeated views/plays of one file by one user within this window are one custody entry."""
    return int(_get("SANXIANG_EVIDENCE_CUSTODY_WINDOW", 600))


def upload_delay_hours() -> int:
    """REC-05: recorded end -> upload later than this is flagged."""
    return int(_get("SANXIANG_EVIDENCE_UPLOAD_DELAY_HOURS", 24))


def s3_transfer_chunk_bytes() -> int:
    return int(_get("SANXIANG_EVIDENCE_S3_PART_BYTES", 8 * MIB))


def human_size(size: int) -> str:
    for unit, factor in (("GiB", GIB), ("MiB", MIB), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} 字节"
