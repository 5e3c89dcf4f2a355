"""Assembling a case file: what goes into the ZIP, under which path, with which digests.

Everything except the evidence originals is small and built in memory (documents, the table of
contents, the ledger material). Evidence is only described here, from its row; its bytes are
streamed by `stream.py` after the export has been recorded.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.documents.choices import DocumentStatus
from sanxiang.documents.models import Document, Signature
from sanxiang.documents.services import document_file, signature_scan
from sanxiang.evidence.models import Evidence
from sanxiang.ledger import proofs, signing
from sanxiang.ledger.encoding import actor_string, iso_utc
from sanxiang.ledger.models import Entry, TreeHead
from sanxiang.ledger.services import sign_tree_head

from . import layout, toc
from .verify import Digest, digest_bytes


@dataclass
class Member:
    """One file of the ZIP. `data` for files built in memory; `evidence` for streamed originals."""

    path: str
    kind: str
    digest: Digest
    data: bytes | None = None
    evidence: Evidence | None = None
    meta: dict = field(default_factory=dict)

    def manifest_item(self) -> dict:
        return {
            "path": self.path,
            "kind": self.kind,
            "size": self.digest.size,
            "sha256": self.digest.sha256,
            "sm3": self.digest.sm3,
            **self.meta,
        }


@dataclass
class Package:
    """A case file ready to be recorded and streamed."""

    export_id: uuid.UUID
    case: Case
    created_at: datetime.datetime
    head: TreeHead
    members: list[Member]
    manifest: bytes
    manifest_digest: Digest
    documents: list[Document]
    evidence: list[Evidence]
    entries: int

    @property
    def file_name(self) -> str:
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M%S")
        return f"电子卷宗-{safe_name(self.case.display_number)}-{stamp}.zip"

    @property
    def signature_scans(self) -> int:
        return sum(1 for m in self.members if m.kind == "signature_scan")

    @property
    def content_bytes(self) -> int:
        return sum(m.digest.size for m in self.members) + self.manifest_digest.size


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(text: str) -> str:
    """A path component: no separators or characters Windows refuses; the rest (Chinese, 〔〕) is kept."""
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def _document_members(actor, document: Document, seq: int) -> tuple[list[Member], toc.TocItem]:
    superseded = document.status == DocumentStatus.SUPERSEDED
    mark = "（已被更正）" if superseded else ""
    base = f"{layout.DOCUMENTS}{seq:03d}-{safe_name(document.title)}{mark}"
    members, pages = [], None
    for fmt in ("pdf", "docx"):
        _doc, data = document_file(actor, document, fmt)  # EVD-01: both hashes checked on read
        if fmt == "pdf":
            pages = toc.pdf_pages(data)
        members.append(
            Member(
                path=f"{base}.{fmt}",
                kind="document",
                digest=digest_bytes(data),
                data=data,
                meta={
                    "seq": seq,
                    "title": document.title,
                    "number": document.number,
                    "document": str(document.public_id),
                    "format": fmt,
                    "superseded": superseded,
                    "issued_on": document.issued_on.isoformat(),
                },
            )
        )
    scans = _scan_members(actor, document, seq)
    members.extend(scans)
    note = f"{base}.pdf / .docx"
    if scans:
        note += "；签名扫描件：" + "、".join(m.path for m in scans)
    if superseded:
        note = f"已被更正，保留原件备查。{note}"
    if document.corrects_id:
        note = f"更正文书。{note}"
    item = toc.TocItem(
        seq=seq,
        title=document.title,
        number=document.number,
        date=document.issued_on.isoformat(),
        extent=f"{pages} 页" if pages else "—",
        note=note,
    )
    return members, item


def _scan_members(actor, document: Document, seq: int) -> list[Member]:
    """The signed scans (签名扫描件) of a document, read and checked like its renditions (EVD-01).

    Named by the document's 序号 and the signer's role, never the signer's name; each is tied to
    its ledger entry (document.signed / document.signature_refused), which holds its SHA-256.
    """
    members = []
    signatures = Signature.objects.filter(document=document).exclude(scan_name="").order_by("signed_at", "id")
    for number, signature in enumerate(signatures, start=1):
        _signature, data = signature_scan(actor, signature.pk)  # both hashes checked on read
        extension = signature.scan_name.rsplit(".", 1)[-1]
        name = f"{seq:03d}-{safe_name(document.title)}-{number}-{signature.get_role_display()}"
        members.append(
            Member(
                path=f"{layout.SIGNATURES}{name}.{extension}",
                kind="signature_scan",
                digest=digest_bytes(data),
                data=data,
                meta={
                    "seq": seq,
                    "document": str(document.public_id),
                    "signature": signature.pk,
                    "role": signature.role,
                    "outcome": signature.outcome,
                    "signed_at": iso_utc(signature.signed_at),
                    "ledger_index": signature.ledger_index,
                },
            )
        )
    return members


def _evidence_member(evidence: Evidence, seq: int) -> tuple[Member, toc.TocItem]:
    path = f"{layout.EVIDENCE}{seq:03d}-{safe_name(evidence.name)}"
    when = evidence.recorded_start or evidence.created_at
    member = Member(
        path=path,
        kind="evidence",
        digest=Digest(evidence.size, evidence.sha256, evidence.sm3),
        evidence=evidence,
        meta={
            "seq": seq,
            "title": evidence.name,
            "evidence": str(evidence.public_id),
            "evidence_kind": evidence.kind,
            "step": evidence.step,
            "original": evidence.is_original,
        },
    )
    label = f"{evidence.get_kind_display()}（{evidence.step_label}）"
    if not evidence.is_original:
        label += "，副本"
    item = toc.TocItem(
        seq=seq,
        title=f"{label}：{evidence.name}",
        number="",
        date=timezone.localtime(when).date().isoformat(),
        extent=toc.human_size(evidence.size),
        note=path,
    )
    return member, item


def case_entries(case: Case, documents, evidence, tree_size: int):
    """The ledger entries of a case: its own, its documents' and files', and any naming it in the payload.

    Payloads are canonical JSON, so `"case":"<id>"` (public id, 案件编号 or 线索登记号) matches exactly the
    entries that name the case.
    """
    pid = str(case.public_id)
    match = (
        Q(subject_type="case", subject_id=pid)
        | Q(subject_type="document", subject_id__in=[str(d.public_id) for d in documents])
        | Q(subject_type="evidence", subject_id__in=[str(e.public_id) for e in evidence])
    )
    for reference in {pid, case.number, case.clue_number} - {None, ""}:
        match |= Q(payload__contains=f'"case":{json.dumps(reference, ensure_ascii=False)}')
    return Entry.objects.filter(match, index__lt=tree_size).order_by("index")


def entry_dict(entry: Entry) -> dict:
    """The exact leaf fields (docs/ledger.md), so anyone can recompute the leaf hash."""
    return {
        "index": entry.index,
        "kind": entry.kind,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "actor": actor_string(entry.actor_id, entry.actor_label),
        "created_at": iso_utc(entry.created_at),
        "payload": entry.payload,
        "leaf_hash": entry.leaf_hash,
    }


def head_dict(head: TreeHead) -> dict:
    body = signing.checkpoint_body(head.origin, head.tree_size, bytes.fromhex(head.root_hash), head.timestamp)
    key = signing.public_key()
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": iso_utc(head.timestamp),
        "origin": head.origin,
        "key_id": head.key_id,
        "signature": head.signature,
        "checkpoint": signing.note_text(body, head.origin, base64.b64decode(head.signature), key),
    }


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"


README = """电子卷宗导出文件说明

本压缩包由“三项”行政执法平台导出，包含：
  00-卷内目录.pdf      卷内目录
  documents/           执法文书（PDF 与 DOCX；已被更正的文书亦保留，文件名标注“已被更正”）
  signatures/          文书的签名扫描件（文件名以所属文书的序号开头，标明签名人身份）
  evidence/            证据与音像记录原件
  ledger/entries.json  本案防篡改日志条目（可据以重算叶哈希）
  ledger/proofs.json   各条目对签名树头的 RFC 6962 包含证明
  ledger/tree-head.json 签名树头（Ed25519 签名）
  ledger/public-key.pem 日志公钥
  manifest.json        清单：每个文件的路径、大小、SHA-256、SM3

校验：sanxiang archive verify 本文件.zip --key 公钥.pem
公钥须从司法局或本机关公布的渠道另行取得；压缩包内的公钥只能证明卷宗自洽。
"""


def build(actor, case: Case) -> Package:
    """Read and check everything the case file holds; nothing is written except a tree head."""
    created_at = timezone.now()
    export_id = uuid.uuid4()
    head = sign_tree_head()
    documents = list(Document.objects.filter(case=case).order_by("issued_at", "id"))
    evidence = list(Evidence.objects.filter(case=case).select_related("case").order_by("created_at", "id"))
    timeline = sorted(
        [(d.issued_at, 0, d.pk, d) for d in documents] + [(e.created_at, 1, e.pk, e) for e in evidence],
        key=lambda row: row[:3],
    )
    members: list[Member] = []
    items: list[toc.TocItem] = []
    for seq, (_at, _order, _pk, obj) in enumerate(timeline, start=1):
        if isinstance(obj, Document):
            files, item = _document_members(actor, obj, seq)
            members.extend(files)
        else:
            member, item = _evidence_member(obj, seq)
            members.append(member)
        items.append(item)

    entries = [entry_dict(e) for e in case_entries(case, documents, evidence, head.tree_size)]
    proof_rows = [
        {"index": row["index"], "proof": proofs.inclusion_proof(row["index"], head.tree_size).proof}
        for row in entries
    ]
    pem = signing.public_key_pem(signing.public_key()).encode()
    ledger_files = [
        (
            layout.ENTRIES,
            "ledger_entries",
            _json({"entries": entries}),
            f"防篡改日志条目（{len(entries)} 条）",
        ),
        (
            layout.PROOFS,
            "ledger_proofs",
            _json({"tree_size": head.tree_size, "root_hash": head.root_hash, "proofs": proof_rows}),
            "包含证明（RFC 6962）",
        ),
        (layout.TREE_HEAD, "tree_head", _json(head_dict(head)), "签名树头"),
        (layout.PUBLIC_KEY, "public_key", pem, "日志公钥（Ed25519）"),
    ]
    seq = len(items)
    for path, kind, data, title in ledger_files:
        seq += 1
        members.append(Member(path=path, kind=kind, digest=digest_bytes(data), data=data, meta={"seq": seq}))
        items.append(toc.TocItem(seq, title, "", "", toc.human_size(len(data)), path))

    exported_at = timezone.localtime(created_at).strftime("%Y-%m-%d %H:%M:%S")
    toc_pdf = toc.render(
        {"case": case, "items": items, "exported_at": exported_at, "export_id": export_id, "tree_head": head}
    )
    readme = README.encode()
    members[:0] = [
        Member(layout.TOC, "toc", digest_bytes(toc_pdf), data=toc_pdf),
        Member(layout.README, "readme", digest_bytes(readme), data=readme),
    ]
    manifest = _json(
        {
            "format": layout.FORMAT,
            "export": str(export_id),
            "created_at": iso_utc(created_at),
            "case": {
                "id": str(case.public_id),
                "number": case.number or "",
                "clue_number": case.clue_number,
                "body": str(case.body.public_id),
            },
            "tree_head": {"tree_size": head.tree_size, "root_hash": head.root_hash},
            "files": [m.manifest_item() for m in members],
        }
    )
    return Package(
        export_id=export_id,
        case=case,
        created_at=created_at,
        head=head,
        members=members,
        manifest=manifest,
        manifest_digest=digest_bytes(manifest),
        documents=documents,
        evidence=evidence,
        entries=len(entries),
    )
