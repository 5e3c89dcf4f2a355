"""The layout of an exported case file (电子卷宗 ZIP), shared by the exporter and the offline verifier.

Pure Python, no Django: the verifier imports this without settings or a database.
docs/archive.md describes the same layout for people who check a case file with their own tools.
"""

from __future__ import annotations

import base64

FORMAT = "sanxiang-archive/1"

MANIFEST = "manifest.json"
TOC = "00-卷内目录.pdf"
README = "README.txt"
ENTRIES = "ledger/entries.json"
PROOFS = "ledger/proofs.json"
TREE_HEAD = "ledger/tree-head.json"
PUBLIC_KEY = "ledger/public-key.pem"
DOCUMENTS = "documents/"
SIGNATURES = "signatures/"
EVIDENCE = "evidence/"

# What each listed file is (manifest "kind"); the Chinese labels name them in messages and the TOC.
KIND_LABELS = {
    "toc": "卷内目录",
    "readme": "说明",
    "document": "执法文书",
    "signature_scan": "签名扫描件",
    "evidence": "证据原件",
    "ledger_entries": "日志条目",
    "ledger_proofs": "包含证明",
    "tree_head": "签名树头",
    "public_key": "日志公钥",
}

# Ledger entry kinds whose payload names a file of the case file, and the payload keys of its digests.
DOCUMENT_ISSUED = "document.issued"
# A signature (or refusal) on a document; its payload's scan_sha256 is the signed scan's, or "".
SIGNATURE_KINDS = frozenset({"document.signed", "document.signature_refused"})
EVIDENCE_INGESTED = "evidence.ingested"
EVIDENCE_INGEST_ACTIONS = frozenset({"ingested", "derived"})


def checkpoint_body(origin: str, tree_size: int, root_hash: bytes, timestamp: str) -> bytes:
    """The bytes a tree head's Ed25519 signature covers (C2SP tlog-checkpoint + timestamp line).

    Same text as sanxiang.ledger.signing.checkpoint_body, which needs Django settings to import;
    a test keeps the two identical.
    """
    root_b64 = base64.b64encode(root_hash).decode()
    return f"{origin}\n{tree_size}\n{root_b64}\ntimestamp {timestamp}\n".encode()
