"""Every write of the archive app: recording an export of a case file, then handing out its stream.

An export is recorded before its first byte is served (AUD-01, EVD-02): one `archive.exported`
ledger entry (ids and the manifest's digests), the Export row, and one `exported` custody row (with
its `evidence.accessed` entry) per evidence file, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict
from sanxiang.evidence.choices import CustodyAction
from sanxiang.evidence.services import integrity, record_access
from sanxiang.ledger.services import append as ledger_append

from . import package as packaging
from .choices import Channel
from .models import Export
from .stream import zip_stream


@dataclass
class Prepared:
    """A recorded export: its row, the ZIP's file name and the iterator that produces the ZIP."""

    export: Export
    file_name: str
    chunks: Iterator[bytes]


def _check_evidence(actor, package: packaging.Package) -> None:
    """Refuse blocked files; check small files now so the user gets a clean error (EVD-01).

    Larger files are re-hashed while they stream (stream._evidence_blocks).
    """
    from sanxiang.evidence import conf

    for evidence in package.evidence:
        if evidence.is_blocked:
            raise Conflict(
                f"证据“{evidence.name}”完整性校验失败，已封存，卷宗不能导出；请先由管理员核查（EVD-01）",
                code="evidence_blocked",
            )
        if not integrity.recently_verified(evidence) and evidence.size <= conf.preverify_max_bytes():
            integrity.ensure_intact(evidence, actor=actor, detected_by="archive-export")


def export_case(
    actor, case: Case, *, reason: str = "", channel: str = Channel.WEB, ip: str | None = None
) -> Prepared:
    """Record an export of `case` (fetched through orgs.access by the caller) and return its stream."""
    package = packaging.build(actor, case)
    _check_evidence(actor, package)
    with transaction.atomic():
        entry = ledger_append(
            "archive.exported",
            subject_type="case",
            subject_id=str(case.public_id),
            payload={
                "case": str(case.public_id),
                "export": str(package.export_id),
                "manifest_sha256": package.manifest_digest.sha256,
                "manifest_sm3": package.manifest_digest.sm3,
                "tree_size": package.head.tree_size,
                "root_hash": package.head.root_hash,
                "documents": len(package.documents),
                "evidence": len(package.evidence),
                "signature_scans": package.signature_scans,
                "entries": package.entries,
            },
            actor=actor,
        )
        export = Export.objects.create(
            public_id=package.export_id,
            case=case,
            actor=actor,
            reason=reason[:200],
            channel=channel,
            file_name=package.file_name,
            manifest_sha256=package.manifest_digest.sha256,
            manifest_sm3=package.manifest_digest.sm3,
            tree_size=package.head.tree_size,
            root_hash=package.head.root_hash,
            documents=len(package.documents),
            evidence=len(package.evidence),
            entries=package.entries,
            content_bytes=package.content_bytes,
            ledger_index=entry.index,
        )
        for evidence in package.evidence:
            record_access(actor, evidence, CustodyAction.EXPORTED, reason=reason or "导出电子卷宗", ip=ip)
    return Prepared(export=export, file_name=package.file_name, chunks=zip_stream(package, actor))
