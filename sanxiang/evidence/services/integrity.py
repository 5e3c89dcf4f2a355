"""Integrity of stored evidence (EVD-01) and housekeeping of storage (BAK-04).

A file whose bytes no longer give the SM3 taken at ingest is blocked: status `blocked`, a custody
row and an `evidence.integrity_failure` ledger entry, and a CRITICAL log record on the
`sanxiang.evidence.alerts` logger (route it to the operators' alerting). Blocked files are never
served again; lifting a block is a human decision outside this app.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .. import conf
from ..choices import CustodyAction, EvidenceStatus, UploadState
from ..models import Evidence, UploadSession
from . import custody
from .hashing import Digests, digests_of, sm3_of
from .storage import BLOB_PREFIX, THUMB_PREFIX, blob_key, blob_store

alert = logging.getLogger("sanxiang.evidence.alerts")
SYSTEM = "system:evidence-verify"
_BLOB_NAME = re.compile(r"([0-9a-f]{64})")
_THUMB_NAME = re.compile(r"([0-9a-f]{64})\.jpg")
_PART_NAME = re.compile(r"([0-9a-f-]{36})\.part")


def recently_verified(evidence: Evidence) -> bool:
    if evidence.verified_at is None:
        return False
    age = timezone.now() - evidence.verified_at
    return age.total_seconds() < conf.verify_window_seconds()


def mark_verified(evidence: Evidence) -> None:
    evidence.verified_at = timezone.now()
    Evidence.objects.filter(pk=evidence.pk).update(verified_at=evidence.verified_at)


def stored_sm3(evidence: Evidence) -> str | None:
    """SM3 of the stored blob, or None when it is missing or unreadable."""
    try:
        return sm3_of(blob_store().iter_range(evidence.storage_key))
    except Exception:  # noqa: BLE001 - a missing or unreadable blob is a failed check, whatever the backend
        return None


def ensure_intact(evidence: Evidence, *, actor=None, detected_by: str = "read") -> None:
    """Hash the whole stored file; block it and raise IntegrityFailure on a mismatch."""
    from ..errors import IntegrityFailure

    actual = stored_sm3(evidence)
    if actual != evidence.sm3:
        block(evidence, actual_sm3=actual, detected_by=detected_by, actor=actor)
        raise IntegrityFailure("文件内容与入库时的校验值不符，文件已封存，不能调阅（EVD-01）")
    mark_verified(evidence)


def block(evidence: Evidence, *, actual_sm3: str | None, detected_by: str, actor=None) -> None:
    """Block the file, record the failure in custody and the ledger, and raise the alert."""
    with transaction.atomic():
        row = Evidence.objects.select_for_update().select_related("case").get(pk=evidence.pk)
        if row.status != EvidenceStatus.BLOCKED:
            row.status = EvidenceStatus.BLOCKED
            row.blocked_at = timezone.now()
            row.save(update_fields=["status", "blocked_at", "updated_at"])
            custody.record(
                row,
                CustodyAction.INTEGRITY_FAILURE,
                actor=actor,
                actor_label="" if actor is not None else SYSTEM,
                extra={
                    "expected_sm3": row.sm3,
                    "actual_sm3": actual_sm3 or "missing",
                    "detected_by": detected_by,
                },
            )
    evidence.status = EvidenceStatus.BLOCKED
    alert.critical(
        "证据完整性告警 evidence integrity failure: evidence=%s case=%s key=%s expected_sm3=%s actual_sm3=%s by=%s",
        evidence.public_id,
        evidence.case_id,
        evidence.storage_key,
        evidence.sm3,
        actual_sm3 or "missing",
        detected_by,
    )


@dataclass
class SweepResult:
    blobs: int = 0
    files: int = 0
    failures: list[tuple[Evidence, str]] = field(default_factory=list)


def verify_all(report: Callable[[Evidence, str], None] | None = None) -> SweepResult:
    """Re-hash every stored blob once (SHA-256 and SM3) and block every row whose blob differs."""
    result = SweepResult()
    store = blob_store()
    pairs = Evidence.objects.values_list("sha256", "sm3").distinct().order_by("sha256")
    for sha256, sm3 in pairs.iterator():
        result.blobs += 1
        try:
            digests: Digests | None = digests_of(store.iter_range(blob_key(sha256)))
        except Exception:  # noqa: BLE001 - missing or unreadable, whatever the backend
            digests = None
        rows = list(Evidence.objects.filter(sha256=sha256, sm3=sm3).select_related("case"))
        result.files += len(rows)
        if digests is not None and digests.hexdigests() == (sha256, sm3):
            Evidence.objects.filter(pk__in=[r.pk for r in rows]).update(verified_at=timezone.now())
            continue
        why = "missing" if digests is None else "mismatch"
        for row in rows:
            block(row, actual_sm3=None if digests is None else digests.sm3.hexdigest(), detected_by="sweep")
            result.failures.append((row, why))
            if report:
                report(row, why)
    return result


@dataclass
class GcReport:
    blobs: list[str] = field(default_factory=list)
    thumbnails: list[str] = field(default_factory=list)
    temp_files: list[str] = field(default_factory=list)
    sessions_expired: int = 0
    sessions_deleted: int = 0


def collect_garbage(*, older_than_hours: float = 24, dry_run: bool = False) -> GcReport:
    """Remove unreferenced blobs and thumbnails, expired upload sessions and stray temp files.

    Only files older than the cutoff are touched, so a blob written by an ingest whose row is about
    to commit is never taken. Evidence rows are never deleted: there is no deletion path (REC-06).
    """
    report = GcReport()
    now = timezone.now()
    cutoff = now - datetime.timedelta(hours=older_than_hours)
    store = blob_store()
    for prefix, pattern, found in (
        (BLOB_PREFIX, _BLOB_NAME, report.blobs),
        (THUMB_PREFIX, _THUMB_NAME, report.thumbnails),
    ):
        batch: list[tuple[str, str | None]] = []
        for key, modified in store.keys(prefix):
            if modified is not None and modified > cutoff:
                continue
            match = pattern.fullmatch(key.rsplit("/", 1)[-1])
            batch.append((key, match.group(1) if match else None))
            if len(batch) >= 500:
                found.extend(_sweep_batch(store, batch, dry_run))
                batch = []
        found.extend(_sweep_batch(store, batch, dry_run))
    _expire_sessions(report, now, cutoff, dry_run)
    return report


def _sweep_batch(store, batch: list[tuple[str, str | None]], dry_run: bool) -> list[str]:
    hashes = {sha for _key, sha in batch if sha}
    referenced = set(Evidence.objects.filter(sha256__in=hashes).values_list("sha256", flat=True))
    removed = [key for key, sha in batch if sha is None or sha not in referenced]
    if not dry_run:
        for key in removed:
            store.delete(key)
    return removed


def _expire_sessions(report: GcReport, now, cutoff, dry_run: bool) -> None:
    expired = UploadSession.objects.filter(state=UploadState.OPEN, expires_at__lt=now)
    report.sessions_expired = expired.count()
    ended = UploadSession.objects.exclude(state=UploadState.OPEN).filter(updated_at__lt=cutoff)
    report.sessions_deleted = ended.count()
    live = {
        str(pid)
        for pid in UploadSession.objects.filter(state=UploadState.OPEN, expires_at__gte=now).values_list(
            "public_id", flat=True
        )
    }
    directory = conf.upload_tmp_dir()
    for path in directory.iterdir():
        match = _PART_NAME.fullmatch(path.name)
        if match and match.group(1) in live:
            continue
        owned = match is not None and UploadSession.objects.filter(public_id=match.group(1)).exists()
        modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if owned or modified < cutoff:
            report.temp_files.append(path.name)
            if not dry_run:
                path.unlink(missing_ok=True)
    if not dry_run:
        ended.delete()
        expired.update(state=UploadState.ABORTED, failure="expired")
