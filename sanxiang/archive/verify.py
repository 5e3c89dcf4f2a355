"""Offline verification of an exported case file (电子卷宗 ZIP). No Django, no database.

Uses only zipfile, hashlib, `cryptography` and the ledger's pure `merkle`/`encoding` modules, so a
copy of this file and those two can check a case file anywhere. What it proves, and what it does
not, is in docs/archive.md ("Trust model").

Checks, in order (each problem is one Chinese line naming the file or the ledger entry):
1. manifest.json is present and well formed;
2. every listed file is present with the listed size, SHA-256 and SM3 (EVD-01), and nothing else is;
3. every ledger entry's leaf hash recomputes from its fields (AUD-03);
4. the signed tree head's Ed25519 signature verifies with the key in the ZIP, and with the key the
   user gives (--key), which is what makes the check mean more than self-consistency;
5. every entry's RFC 6962 inclusion proof leads to that tree head's root;
6. every document, signature scan and evidence file has the digests its ledger entry
   (document.issued, document.signed, evidence.ingested) recorded, and every one the entries name
   for this case is present (crosscheck.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import queue
import re
import threading
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sanxiang.ledger import merkle
from sanxiang.ledger.encoding import leaf_data

from . import crosscheck, layout

BLOCK = 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")


class Unreadable(Exception):
    """The file is not a ZIP archive (or cannot be opened at all): exit code 2."""


@dataclass
class Report:
    """The outcome: `problems` (Chinese lines, empty when all is well) and what was checked."""

    problems: list[str] = field(default_factory=list)
    files: int = 0
    entries: int = 0
    tree_size: int | None = None
    root_hash: str = ""
    manifest_sha256: str = ""
    key_given: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}：{what}")

    def summary(self) -> str:
        key = (
            "并已用指定公钥核对签名"
            if self.key_given
            else "签名仅用卷宗内公钥核对（自洽），请用 --key 指定可信公钥"
        )
        return (
            f"卷宗校验通过：{self.files} 个文件、{self.entries} 条日志条目均一致；"
            f"签名树头大小 {self.tree_size}，根哈希 {self.root_hash}；{key}；"
            f"清单 SHA-256 {self.manifest_sha256}"
        )


# --- hashing -------------------------------------------------------------------------------------


def _sm3():
    try:
        return hashlib.new("sm3")
    except ValueError:  # an OpenSSL without SM3: cryptography bundles its own
        return _CryptographySM3()


class _CryptographySM3:
    def __init__(self):
        self._ctx = hashes.Hash(hashes.SM3())

    def update(self, data: bytes) -> None:
        self._ctx.update(data)

    def hexdigest(self) -> str:
        return self._ctx.finalize().hex()


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str
    sm3: str


def digest_stream(stream: IO[bytes]) -> Digest:
    """SHA-256 and SM3 of a stream in 1 MiB blocks; SM3 on a helper thread (hashlib frees the GIL)."""
    sha, sm3, size = hashlib.sha256(), _sm3(), 0
    blocks: queue.Queue = queue.Queue(maxsize=8)

    def drain() -> None:
        while (block := blocks.get()) is not None:
            sm3.update(block)

    worker = threading.Thread(target=drain, name="sm3-verify", daemon=True)
    worker.start()
    try:
        while block := stream.read(BLOCK):
            sha.update(block)
            blocks.put(block)
            size += len(block)
    finally:
        blocks.put(None)
        worker.join()
    return Digest(size, sha.hexdigest(), sm3.hexdigest())


def digest_bytes(data: bytes) -> Digest:
    return Digest(len(data), hashlib.sha256(data).hexdigest(), _sm3_hex(data))


def _sm3_hex(data: bytes) -> str:
    digest = _sm3()
    digest.update(data)
    return digest.hexdigest()


# --- the checks ----------------------------------------------------------------------------------


_short = crosscheck.short


def _load_key(data: bytes) -> Ed25519PublicKey:
    """A PEM public key, or raw 32 bytes, or their base64 (what `sanxiang ledger pubkey` prints)."""
    if b"BEGIN PUBLIC KEY" in data:
        key = serialization.load_pem_public_key(data)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 key")
        return key
    text = data.strip()
    if len(text) != 32:
        text = base64.b64decode(text, validate=True)
    return Ed25519PublicKey.from_public_bytes(text)


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _manifest(zf: zipfile.ZipFile, report: Report) -> dict | None:
    try:
        data = zf.read(layout.MANIFEST)
    except KeyError:
        report.add(layout.MANIFEST, "缺失，这不是电子卷宗导出文件，或清单已被删除")
        return None
    except (zipfile.BadZipFile, zlib.error, OSError):
        report.add(layout.MANIFEST, "数据损坏（CRC 校验失败或无法解压）")
        return None
    report.manifest_sha256 = hashlib.sha256(data).hexdigest()
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        report.add(layout.MANIFEST, f"格式错误，不是合法的 JSON（{exc}）")
        return None
    problem = _manifest_shape(manifest)
    if problem:
        report.add(layout.MANIFEST, f"格式错误：{problem}")
        return None
    return manifest


def _manifest_shape(manifest: Any) -> str:
    if not isinstance(manifest, dict):
        return "顶层不是对象"
    if manifest.get("format") != layout.FORMAT:
        return f"格式标识应为 {layout.FORMAT}，实为 {manifest.get('format')!r}"
    case = manifest.get("case")
    if not isinstance(case, dict) or not isinstance(case.get("id"), str):
        return "缺少案件标识 case.id"
    files = manifest.get("files")
    if not isinstance(files, list) or not files:
        return "缺少文件列表 files"
    seen: set[str] = set()
    for number, item in enumerate(files, start=1):
        if not isinstance(item, dict):
            return f"files 第 {number} 项不是对象"
        path = item.get("path")
        if not isinstance(path, str) or not path or path == layout.MANIFEST:
            return f"files 第 {number} 项的 path 无效"
        if path in seen:
            return f"文件 {path} 在清单中出现多次"
        seen.add(path)
        size = item.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            return f"文件 {path} 的 size 无效"
        for key in ("sha256", "sm3"):
            if not isinstance(item.get(key), str) or not _HEX64.fullmatch(item[key]):
                return f"文件 {path} 的 {key} 不是 64 位小写十六进制"
        if item.get("kind") not in layout.KIND_LABELS:
            return f"文件 {path} 的 kind {item.get('kind')!r} 未知"
    return ""


def _check_files(zf: zipfile.ZipFile, manifest: dict, report: Report) -> dict[str, Digest]:
    names = zf.namelist()
    present = set(names)
    for name in sorted(n for n, count in Counter(names).items() if count > 1):
        report.add(f"文件 {name}", "在压缩包中出现多次")
    actual: dict[str, Digest] = {}
    listed = set()
    for item in manifest["files"]:
        path = item["path"]
        listed.add(path)
        if path not in present:
            report.add(f"文件 {path}", "清单列出但压缩包中缺失")
            continue
        try:
            with zf.open(path) as stream:
                found = digest_stream(stream)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
            report.add(f"文件 {path}", "数据损坏（CRC 校验失败或无法解压）")
            continue
        actual[path] = found
        report.files += 1
        if found.size != item["size"]:
            report.add(f"文件 {path}", f"大小不符（清单 {item['size']} 字节，实际 {found.size} 字节）")
        if found.sha256 != item["sha256"]:
            report.add(
                f"文件 {path}", f"SHA-256 不符（清单 {_short(item['sha256'])}，实际 {_short(found.sha256)}）"
            )
        if found.sm3 != item["sm3"]:
            report.add(f"文件 {path}", f"SM3 不符（清单 {_short(item['sm3'])}，实际 {_short(found.sm3)}）")
    for name in sorted(present - listed - {layout.MANIFEST}):
        report.add(f"文件 {name}", "压缩包中有、清单中未列出的文件")
    return actual


def _json_member(zf: zipfile.ZipFile, path: str, report: Report) -> Any:
    try:
        return json.loads(zf.read(path).decode("utf-8"))
    except KeyError:
        report.add(path, "缺失，无法核对防篡改日志")
    except (zipfile.BadZipFile, zlib.error, OSError):
        pass  # already reported as damaged by the file check
    except (UnicodeDecodeError, ValueError) as exc:
        report.add(path, f"格式错误，不是合法的 JSON（{exc}）")
    return None


@dataclass
class _Head:
    size: int
    root: bytes


def _check_tree_head(zf: zipfile.ZipFile, report: Report, trusted_key: bytes | None) -> _Head | None:
    head = _json_member(zf, layout.TREE_HEAD, report)
    try:
        pem = zf.read(layout.PUBLIC_KEY)
    except KeyError:
        report.add(layout.PUBLIC_KEY, "缺失，无法核对树头签名")
        pem = None
    except (zipfile.BadZipFile, zlib.error, OSError):
        pem = None
    if head is None:
        return None
    try:
        size, root = int(head["tree_size"]), bytes.fromhex(head["root_hash"])
        body = layout.checkpoint_body(head["origin"], size, root, head["timestamp"])
        signature = base64.b64decode(head["signature"], validate=True)
        if len(root) != merkle.HASH_SIZE or size < 0:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        report.add(
            layout.TREE_HEAD, "格式错误：缺少或无效的 tree_size、root_hash、origin、timestamp 或 signature"
        )
        return None
    report.tree_size, report.root_hash = size, root.hex()
    if pem is not None:
        try:
            key = _load_key(pem)
        except ValueError:
            report.add(layout.PUBLIC_KEY, "不是 Ed25519 公钥")
        else:
            if head.get("key_id") != hashlib.sha256(_raw(key)).hexdigest():
                report.add(layout.TREE_HEAD, "key_id 与卷宗内公钥不符")
            try:
                key.verify(signature, body)
            except InvalidSignature:
                report.add(layout.TREE_HEAD, "签名无效：树头内容或签名已被改动，与卷宗内公钥不符")
            if trusted_key is not None and _raw(key) != trusted_key:
                report.add(layout.PUBLIC_KEY, "与 --key 指定的公钥不同")
    if trusted_key is not None:
        try:
            Ed25519PublicKey.from_public_bytes(trusted_key).verify(signature, body)
        except InvalidSignature:
            report.add(layout.TREE_HEAD, "签名与 --key 指定的公钥不符，树头不是由该公钥的持有者签发")
    return _Head(size, root)


@dataclass
class _Entry:
    index: int
    kind: str
    subject_id: str
    payload: dict
    leaf: bytes | None  # the recomputed leaf hash, None when it did not match the recorded one


def _check_entries(zf: zipfile.ZipFile, report: Report) -> list[_Entry]:
    data = _json_member(zf, layout.ENTRIES, report)
    if data is None:
        return []
    rows = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        report.add(layout.ENTRIES, "格式错误：缺少 entries 列表")
        return []
    entries = []
    for number, row in enumerate(rows, start=1):
        try:
            index = row["index"]
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                raise TypeError
            fields = {
                k: row[k] for k in ("kind", "subject_type", "subject_id", "actor", "created_at", "payload")
            }
            if not all(isinstance(v, str) for v in fields.values()) or not isinstance(row["leaf_hash"], str):
                raise TypeError
            leaf = merkle.hash_leaf(leaf_data(index=index, **fields))
        except (KeyError, TypeError):
            report.add(f"{layout.ENTRIES} 第 {number} 项", "格式错误：缺少或无效的字段")
            continue
        report.entries += 1
        if leaf.hex() != row["leaf_hash"]:
            report.add(
                f"日志条目 #{index}",
                f"叶哈希不符（记录 {_short(row['leaf_hash'])}，按字段重算 {_short(leaf.hex())}），条目内容已被改动",
            )
            leaf = None
        try:
            payload = json.loads(fields["payload"])
        except ValueError:
            payload = {}
        entries.append(
            _Entry(
                index,
                fields["kind"],
                fields["subject_id"],
                payload if isinstance(payload, dict) else {},
                leaf,
            )
        )
    return entries


def _check_proofs(zf: zipfile.ZipFile, entries: list[_Entry], head: _Head, report: Report) -> None:
    data = _json_member(zf, layout.PROOFS, report)
    if data is None:
        return
    try:
        if int(data["tree_size"]) != head.size or data["root_hash"] != head.root.hex():
            report.add(layout.PROOFS, "所用树大小或根哈希与签名树头不符")
        proofs = {int(p["index"]): p["proof"] for p in data["proofs"]}
    except (KeyError, TypeError, ValueError):
        report.add(layout.PROOFS, "格式错误：缺少 tree_size、root_hash 或 proofs")
        return
    for entry in entries:
        if entry.index >= head.size:
            report.add(f"日志条目 #{entry.index}", f"不在签名树头（大小 {head.size}）覆盖的范围内")
            continue
        if entry.index not in proofs:
            report.add(f"日志条目 #{entry.index}", "缺少包含证明")
            continue
        if entry.leaf is None:
            continue  # already reported: a changed entry cannot have a valid proof
        try:
            path = [bytes.fromhex(h) for h in proofs[entry.index]]
        except (TypeError, ValueError):
            path = None
        if path is None or not merkle.verify_inclusion(entry.index, head.size, entry.leaf, path, head.root):
            report.add(f"日志条目 #{entry.index}", "包含证明无效，不能由该条目推导出签名树头的根哈希")


def verify_archive(source: str | Path | IO[bytes], *, trusted_key: bytes | str | None = None) -> Report:
    """Check a case file; raises Unreadable when `source` is not a ZIP archive.

    `trusted_key` is the ledger's public key obtained out of band (PEM, raw 32 bytes or base64).
    """
    report = Report(key_given=trusted_key is not None)
    trusted_raw = None
    if trusted_key is not None:
        data = trusted_key.encode() if isinstance(trusted_key, str) else trusted_key
        try:
            trusted_raw = _raw(_load_key(data))
        except ValueError as exc:
            raise ValueError("--key 不是 Ed25519 公钥（PEM 或 Base64）") from exc
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise Unreadable(f"无法读取：不是 ZIP 文件或文件已损坏（{exc}）") from exc
    with zf:
        manifest = _manifest(zf, report)
        if manifest is None:
            return report
        actual = _check_files(zf, manifest, report)
        entries = _check_entries(zf, report)
        head = _check_tree_head(zf, report, trusted_raw)
        if head is not None:
            _check_proofs(zf, entries, head, report)
        crosscheck.check_against_ledger(manifest, actual, entries, report)
    return report
