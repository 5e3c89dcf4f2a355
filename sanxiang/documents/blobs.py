"""Content-addressed files in Django's default storage, written only after the owning row commits.

Names are derived from the SHA-256 of the bytes (`documents/pdf/ab/ab12….pdf`), so a file can be
checked against its name and its row. Inside a transaction `stage()` stores the bytes in a
PendingFile row and schedules the write for after commit: a rollback leaves neither a row nor a
file, and a write that fails after commit stays pending and is retried by `flush()` (on the next
read of that file, or by `sanxiang documents_flush`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .models import PendingFile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    sha256: str
    sm3: str
    size: int


def digest(data: bytes) -> Digest:
    """SHA-256 for interoperability and SM3 (GB/T 32905) for the national-standard evidence chain."""
    return Digest(hashlib.sha256(data).hexdigest(), hashlib.new("sm3", data).hexdigest(), len(data))


def name_for(folder: str, sha256: str, ext: str) -> str:
    return f"documents/{folder}/{sha256[:2]}/{sha256}.{ext}"


def stage(name: str, data: bytes) -> None:
    """Queue `data` for storage under `name` when the current transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("blobs.stage() must run inside transaction.atomic()")
    PendingFile.objects.create(name=name, data=data)
    transaction.on_commit(partial(flush, name))


def flush(name: str | None = None) -> int:
    """Write pending files (one name, or all) to storage; returns how many were written."""
    pending = PendingFile.objects.all() if name is None else PendingFile.objects.filter(name=name)
    written = 0
    for row in pending.only("pk", "name"):
        data = PendingFile.objects.filter(pk=row.pk).values_list("data", flat=True).first()
        if data is None:
            continue  # another worker flushed it meanwhile
        _write(row.name, bytes(data))
        PendingFile.objects.filter(pk=row.pk).delete()
        written += 1
    return written


def _write(name: str, data: bytes) -> None:
    if default_storage.exists(name):
        return  # same name = same SHA-256 = same bytes (verified on every read)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # a concurrent writer won the race with identical bytes
        default_storage.delete(saved)


def read(name: str) -> bytes | None:
    """The stored bytes, flushing a pending write first; None when the file is missing."""
    if not default_storage.exists(name):
        try:
            flush(name)
        except Exception:  # storage down: the caller reports the file as unavailable
            log.exception("flushing %s failed", name)
        if not default_storage.exists(name):
            return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def matches(data: bytes | None, sha256: str, sm3: str) -> bool:
    if data is None:
        return False
    found = digest(data)
    return found.sha256 == sha256 and found.sm3 == sm3
