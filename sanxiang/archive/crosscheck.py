"""Offline check of a case file's files against its ledger entries (step 6 of verify.py). No Django.

The manifest says what each file is; the ledger entries, whose leaves and inclusion proofs
verify.py has checked, say what was recorded when it was made. A file must carry the digests of
its entry — document.issued for a document's renditions, document.signed (or
document.signature_refused) for a signature scan, evidence.ingested for a file — and every file
those entries name for this case must be in the ZIP.
"""

from __future__ import annotations

from typing import Any

from . import layout


def short(value: str) -> str:
    return f"{value[:16]}…" if len(value) > 16 else value


def check_against_ledger(manifest: dict, actual: dict[str, Any], entries: list[Any], report: Any) -> None:
    """`actual`: path -> Digest of the files read; `entries`: verify._Entry; `report`: verify.Report."""
    issued = {e.subject_id: e for e in entries if e.kind == layout.DOCUMENT_ISSUED}
    signed = {e.index: e for e in entries if e.kind in layout.SIGNATURE_KINDS}
    ingested = {
        e.subject_id: e
        for e in entries
        if e.kind == layout.EVIDENCE_INGESTED and e.payload.get("action") in layout.EVIDENCE_INGEST_ACTIONS
    }
    present_documents: set[tuple[str, str]] = set()
    present_scans: set[int] = set()
    present_evidence: set[str] = set()
    for item in manifest["files"]:
        path = item["path"]
        if item["kind"] == "document":
            doc, fmt = str(item.get("document", "")), item.get("format")
            present_documents.add((doc, fmt))
            entry = issued.get(doc)
            if entry is None:
                report.add(f"文件 {path}", "日志中没有该文书的签发记录（document.issued）")
                continue
            expected = (entry.payload.get(f"{fmt}_sha256"), entry.payload.get(f"{fmt}_sm3"))
        elif item["kind"] == "signature_scan":
            entry = _signature_entry(item, signed)
            if entry is None:
                report.add(f"文件 {path}", "日志中没有该签名扫描件的登记记录（document.signed）")
                continue
            present_scans.add(entry.index)
            expected = (entry.payload.get("scan_sha256"), None)  # the entry records the scan's SHA-256 only
        elif item["kind"] == "evidence":
            evidence = str(item.get("evidence", ""))
            present_evidence.add(evidence)
            entry = ingested.get(evidence)
            if entry is None:
                report.add(f"文件 {path}", "日志中没有该证据的入库记录（evidence.ingested）")
                continue
            expected = (entry.payload.get("sha256"), entry.payload.get("sm3"))
        else:
            continue
        found = actual.get(path)
        if found is not None and (found.sha256, found.sm3 if expected[1] is not None else None) != expected:
            report.add(
                f"文件 {path}",
                f"与日志条目 #{entry.index} 记录的哈希不符（日志 SHA-256 {short(str(expected[0]))}，"
                f"文件 {short(found.sha256)}）",
            )
    case_id = manifest["case"]["id"]
    for doc, entry in issued.items():
        if entry.payload.get("case") != case_id:
            continue
        for fmt in ("pdf", "docx"):
            if (doc, fmt) not in present_documents:
                report.add(
                    f"日志条目 #{entry.index}", f"记录签发的文书 {doc} 的 {fmt.upper()} 文件不在卷宗中"
                )
    for index, entry in signed.items():
        if (
            entry.payload.get("case") == case_id
            and entry.payload.get("scan_sha256")
            and index not in present_scans
        ):
            report.add(f"日志条目 #{index}", f"记录的文书 {entry.subject_id} 的签名扫描件不在卷宗中")
    for evidence, entry in ingested.items():
        if entry.payload.get("case") == case_id and evidence not in present_evidence:
            report.add(f"日志条目 #{entry.index}", f"记录入库的证据 {evidence} 不在卷宗中")


def _signature_entry(item: dict, signed: dict[int, Any]) -> Any:
    """The signature entry the manifest names (`ledger_index`), if it is one for that document."""
    index = item.get("ledger_index")
    entry = signed.get(index) if isinstance(index, int) and not isinstance(index, bool) else None
    if entry is None or entry.subject_id != str(item.get("document", "")):
        return None
    return entry
