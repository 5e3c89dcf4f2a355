"""Chain of custody: every ingest and every read of a file is a CustodyEvent and a ledger entry.

Reads serve bytes through `read()`, which refuses blocked files, checks integrity (EVD-01) and
records who read what, when, why and from where (EVD-02) before the first byte leaves.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sanxiang.ledger.services import append as ledger_append

from .. import conf
from ..choices import CustodyAction
from ..errors import EvidenceBlocked, IntegrityFailure, RangeNotSatisfiable
from ..models import CustodyEvent, Evidence
from . import integrity
from .storage import blob_store

_LEDGER_KIND = {
    CustodyAction.INGESTED: "evidence.ingested",
    CustodyAction.DERIVED: "evidence.ingested",
    CustodyAction.INTEGRITY_FAILURE: "evidence.integrity_failure",
}
# Browsers re-request media while seeking; one entry per user and file per window is the record.
_WINDOWED = frozenset({CustodyAction.VIEWED, CustodyAction.PLAYED})


def record(
    evidence: Evidence,
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    reason: str = "",
    ip: str | None = None,
    byte_range: str = "",
    extra: dict | None = None,
) -> CustodyEvent:
    """One custody row plus its ledger entry, inside the caller's transaction (AUD-01).

    The ledger payload carries identifiers and digests only: no names, places or IP addresses.
    """
    payload = {
        "evidence": str(evidence.public_id),
        "case": str(evidence.case.public_id),
        "action": str(action),
        "sha256": evidence.sha256,
    }
    payload.update(extra or {})
    entry = ledger_append(
        _LEDGER_KIND.get(action, "evidence.accessed"),
        subject_type="evidence",
        subject_id=str(evidence.public_id),
        payload=payload,
        actor=actor,
        actor_label=actor_label,
    )
    return CustodyEvent.objects.create(
        evidence=evidence,
        action=action,
        actor=actor,
        actor_label=actor_label,
        reason=reason[:200],
        ip=ip or None,
        byte_range=byte_range[:60],
        ledger_index=entry.index,
    )


def record_access(
    actor, evidence: Evidence, action: str, *, reason: str = "", ip: str | None = None, byte_range: str = ""
) -> CustodyEvent | None:
    """Record a read; repeated views/plays by the same user inside the custody window are one entry."""
    if action in _WINDOWED:
        since = timezone.now() - datetime.timedelta(seconds=conf.custody_window_seconds())
        if CustodyEvent.objects.filter(evidence=evidence, action=action, actor=actor, at__gte=since).exists():
            return None
    with transaction.atomic():
        return record(evidence, action, actor=actor, reason=reason, ip=ip, byte_range=byte_range)


@dataclass
class Served:
    """What a read hands to the HTTP layer: which bytes, and an iterator that yields them."""

    evidence: Evidence
    start: int
    end: int  # inclusive
    partial: bool
    chunks: Iterator[bytes]

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def read(
    actor,
    evidence: Evidence,
    action: str,
    *,
    byte_range: tuple[int | None, int | None] | None = None,
    reason: str = "",
    ip: str | None = None,
) -> Served:
    """Serve an authorised read (the caller fetched `evidence` through orgs.access).

    A range read needs a whole-file check within the verify window; a full read is hashed while it
    streams, and also checked first when the file is small enough. A mismatch blocks the file.
    """
    if evidence.is_blocked:
        raise EvidenceBlocked("该文件完整性校验失败，已封存，不能调阅；请联系管理员核查（EVD-01）")
    start, end = _resolve(byte_range, evidence.size)
    partial = byte_range is not None  # a player's "bytes=0-" expects 206 too
    fresh = integrity.recently_verified(evidence)
    if not fresh and (partial or evidence.size <= conf.preverify_max_bytes()):
        integrity.ensure_intact(evidence, actor=actor)
    record_access(actor, evidence, action, reason=reason, ip=ip, byte_range=_range_text(byte_range))
    chunks = blob_store().iter_range(evidence.storage_key, start, end)
    if (start, end) == (0, evidence.size - 1):
        chunks = _checked(evidence, chunks, actor)
    return Served(evidence, start, end, partial, chunks)


def _checked(evidence: Evidence, chunks: Iterator[bytes], actor) -> Iterator[bytes]:
    """Hash a full read as it streams; on mismatch block the file and cut the transfer short."""
    digest = hashlib.new("sm3")
    for block in chunks:
        digest.update(block)
        yield block
    if digest.hexdigest() != evidence.sm3:
        integrity.block(evidence, actual_sm3=digest.hexdigest(), detected_by="download", actor=actor)
        raise IntegrityFailure("文件内容与入库时的校验值不符，传输已中止，文件已封存（EVD-01）")
    integrity.mark_verified(evidence)


def _resolve(byte_range, size: int) -> tuple[int, int]:
    if byte_range is None:
        return 0, size - 1
    first, last = byte_range
    if first is None:  # suffix range: the last N bytes
        if not last:
            raise RangeNotSatisfiable("请求的字节范围无效", size=size)
        return max(size - last, 0), size - 1
    if first >= size:
        raise RangeNotSatisfiable(f"请求的字节范围超出文件大小（{size} 字节）", size=size)
    return first, size - 1 if last is None or last >= size else last


def _range_text(byte_range) -> str:
    if byte_range is None:
        return ""
    first, last = byte_range
    return f"bytes={'' if first is None else first}-{'' if last is None else last}"
