"""Writing the case file as a ZIP stream with bounded memory.

`zipfile` writes to any object with `write()`; without `seek()` it puts sizes in data descriptors
after each member. The sink below hands out what was written so far after every block, so an HTTP
response or a file receives the archive as it is produced: memory holds one block (1 MiB), never a
whole video. Members whose size may pass 4 GiB get ZIP64 headers (sizes are known up front).
Evidence is STORED (media does not compress); the rest is DEFLATED.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator

from django.utils import timezone

from sanxiang.evidence.services import integrity
from sanxiang.evidence.services.hashing import Digests
from sanxiang.evidence.services.storage import blob_store

from . import layout
from .errors import ExportAborted
from .package import Member, Package


class _Sink:
    """A write-only file object whose written bytes are taken out after every block."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _info(path: str, moment: datetime.datetime, size: int, compress: int) -> zipfile.ZipInfo:
    local = timezone.localtime(moment)
    info = zipfile.ZipInfo(path, date_time=local.timetuple()[:6])
    info.compress_type = compress
    info.file_size = size  # lets zipfile choose ZIP64 headers before the data is written
    info.external_attr = 0o100444 << 16  # a regular, read-only file
    return info


def _evidence_blocks(member: Member, actor) -> Iterator[bytes]:
    """The stored original in 1 MiB blocks, re-hashed as it streams (EVD-01: checked on export)."""
    evidence = member.evidence
    digests = Digests()
    with digests.parallel():
        for block in blob_store().iter_range(evidence.storage_key):
            digests.update(block)
            yield block
    if digests.hexdigests() != (evidence.sha256, evidence.sm3) or digests.offset != evidence.size:
        integrity.block(
            evidence, actual_sm3=digests.sm3.hexdigest(), detected_by="archive-export", actor=actor
        )
        raise ExportAborted(f"证据“{evidence.name}”与入库时的校验值不符，已封存，导出中止（EVD-01）")
    integrity.mark_verified(evidence)


def zip_stream(package: Package, actor) -> Iterator[bytes]:
    """Yield the ZIP archive of `package` piece by piece."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
        for member in package.members:
            if member.data is not None:
                info = _info(member.path, package.created_at, len(member.data), zipfile.ZIP_DEFLATED)
                archive.writestr(info, member.data)
                yield sink.take()
                continue
            info = _info(member.path, package.created_at, member.digest.size, zipfile.ZIP_STORED)
            with archive.open(info, "w") as target:
                for block in _evidence_blocks(member, actor):
                    target.write(block)
                    yield sink.take()
            yield sink.take()
        info = _info(layout.MANIFEST, package.created_at, len(package.manifest), zipfile.ZIP_DEFLATED)
        archive.writestr(info, package.manifest)
    yield sink.take()
