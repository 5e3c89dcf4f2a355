"""`sanxiang archive verify` on a real export: it passes, and every kind of tampering is named exactly.

The export is built once per module through the real services with real .docx/PDF rendering;
the tests only rewrite its bytes. A tamperer who also fixes manifest.json is modelled too, so each
deeper check (ledger leaves, proofs, signature, ledger-vs-file digests) is shown to work on its own.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from sanxiang.archive import layout
from sanxiang.archive.verify import Unreadable, verify_archive

from .support import flip, manifest_of, members, repack

pytestmark = [pytest.mark.real_rendering, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[3]


def short(value: str) -> str:
    return f"{value[:16]}…"


def check(data: bytes, key: str | bytes | None = None) -> list[str]:
    return verify_archive(io.BytesIO(data), trusted_key=key).problems


def path_of(exported, kind: str, **meta) -> str:
    for item in manifest_of(exported["zip"])["files"]:
        if item["kind"] == kind and all(item.get(k) == v for k, v in meta.items()):
            return item["path"]
    raise AssertionError(f"no {kind} {meta}")


def entry_index(exported, kind: str, subject_id: str) -> int:
    entries = json.loads(members(exported["zip"])[layout.ENTRIES])["entries"]
    return next(e["index"] for e in entries if e["kind"] == kind and e["subject_id"] == subject_id)


def item(exported, path: str) -> dict:
    return next(i for i in manifest_of(exported["zip"])["files"] if i["path"] == path)


# --- an untouched export ---------------------------------------------------------------------------


def test_an_untouched_export_verifies_with_the_installations_key(exported):
    report = verify_archive(io.BytesIO(exported["zip"]), trusted_key=exported["pem"])
    assert report.problems == []
    assert report.summary().startswith("卷宗校验通过")
    assert report.manifest_sha256 == exported["export"].manifest_sha256


def test_the_zip_holds_the_toc_every_document_superseded_ones_marked_evidence_and_ledger_material(exported):
    files = manifest_of(exported["zip"])["files"]
    kinds = [f["kind"] for f in files]
    assert kinds[:2] == ["toc", "readme"]
    assert {"ledger_entries", "ledger_proofs", "tree_head", "public_key"} <= set(kinds)
    documents = [f for f in files if f["kind"] == "document"]
    assert {f["format"] for f in documents} == {"pdf", "docx"}
    superseded = [f for f in documents if f["superseded"]]
    assert len(superseded) == 2 and all("（已被更正）" in f["path"] for f in superseded)
    assert {f["evidence_kind"] for f in files if f["kind"] == "evidence"} == {"photo", "video"}
    assert set(members(exported["zip"])) == {f["path"] for f in files} | {layout.MANIFEST}


def test_the_table_of_contents_is_a_pdf_with_chinese_glyphs_listing_every_item(exported):
    from pypdf import PdfReader

    toc = PdfReader(io.BytesIO(members(exported["zip"])[layout.TOC]))
    text = "".join(page.extract_text() for page in toc.pages)
    assert "卷内目录" in text and "立案审批表" in text and "行政处罚决定书" in text
    assert "签名扫描件：signatures/007-" in text.replace("\n", "")  # the signed decision's note
    assert "河市监告〔2026〕" in text or "河市监告" in text  # the notice's document number
    fonts = {str(f) for page in toc.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts  # fonts are embedded (no reliance on the reader's fonts)


def test_evidence_is_stored_uncompressed_and_the_rest_deflated(exported):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(exported["zip"])) as zf:
        for info in zf.infolist():
            expected = zipfile.ZIP_STORED if info.filename.startswith("evidence/") else zipfile.ZIP_DEFLATED
            assert info.compress_type == expected, info.filename


# --- tampering -------------------------------------------------------------------------------------


def test_a_changed_document_byte_is_named_against_the_manifest_and_the_ledger(exported):
    path = path_of(exported, "document", format="pdf", title="立案审批表")
    changed = flip(members(exported["zip"])[path])
    listed = item(exported, path)
    doc_entry = entry_index(exported, "document.issued", item(exported, path)["document"])
    new_sha = hashlib.sha256(changed).hexdigest()
    new_sm3 = hashlib.new("sm3", changed).hexdigest()
    assert check(repack(exported["zip"], {path: changed})) == [
        f"文件 {path}：SHA-256 不符（清单 {short(listed['sha256'])}，实际 {short(new_sha)}）",
        f"文件 {path}：SM3 不符（清单 {short(listed['sm3'])}，实际 {short(new_sm3)}）",
        f"文件 {path}：与日志条目 #{doc_entry} 记录的哈希不符（日志 SHA-256 {short(listed['sha256'])}，"
        f"文件 {short(new_sha)}）",
    ]


def test_a_changed_document_with_a_rewritten_manifest_is_still_caught_by_its_ledger_entry(exported):
    path = path_of(exported, "document", format="docx", title="行政处罚告知书")
    changed = flip(members(exported["zip"])[path])
    doc_entry = entry_index(exported, "document.issued", item(exported, path)["document"])
    problems = check(repack(exported["zip"], {path: changed}, fix_manifest=True))
    assert problems == [
        f"文件 {path}：与日志条目 #{doc_entry} 记录的哈希不符（日志 SHA-256 {short(item(exported, path)['sha256'])}，"
        f"文件 {short(hashlib.sha256(changed).hexdigest())}）"
    ]


def test_a_changed_evidence_byte_with_a_rewritten_manifest_is_caught_by_its_ingest_entry(exported):
    path = path_of(exported, "evidence", evidence_kind="video")
    changed = flip(members(exported["zip"])[path])
    ingest = entry_index(exported, "evidence.ingested", item(exported, path)["evidence"])
    naive = check(repack(exported["zip"], {path: changed}))
    assert naive[0].startswith(f"文件 {path}：SHA-256 不符") and naive[1].startswith(f"文件 {path}：SM3 不符")
    assert check(repack(exported["zip"], {path: changed}, fix_manifest=True)) == [
        f"文件 {path}：与日志条目 #{ingest} 记录的哈希不符（日志 SHA-256 {short(item(exported, path)['sha256'])}，"
        f"文件 {short(hashlib.sha256(changed).hexdigest())}）"
    ]


def scan_item(exported) -> dict:
    return next(i for i in manifest_of(exported["zip"])["files"] if i["kind"] == "signature_scan")


def test_signed_scans_are_in_the_zip_tied_to_their_signature_entries(exported):
    scans = [i for i in manifest_of(exported["zip"])["files"] if i["kind"] == "signature_scan"]
    assert len(scans) == 1  # the party's signature; the refusal has no scan
    scan = scans[0]
    assert scan["path"].startswith(layout.SIGNATURES) and scan["path"].endswith("-1-当事人.jpg")
    assert "王某某" not in scan["path"]  # named by role, never by the signer
    decision = next(
        i
        for i in manifest_of(exported["zip"])["files"]
        if i["kind"] == "document" and i["document"] == scan["document"]
    )
    assert (
        not decision["superseded"]
        and scan["seq"] == decision["seq"]
        and scan["path"][11:14] == f"{scan['seq']:03d}"
    )
    entries = json.loads(members(exported["zip"])[layout.ENTRIES])["entries"]
    entry = next(e for e in entries if e["index"] == scan["ledger_index"])
    assert entry["kind"] == "document.signed" and entry["subject_id"] == scan["document"]
    assert json.loads(entry["payload"])["scan_sha256"] == scan["sha256"]
    assert hashlib.sha256(members(exported["zip"])[scan["path"]]).hexdigest() == scan["sha256"]
    assert "signature_refused" in {e["kind"].split(".")[1] for e in entries}


def test_a_changed_scan_byte_is_named_and_a_rewritten_manifest_is_caught_by_the_signature_entry(exported):
    scan = scan_item(exported)
    path = scan["path"]
    changed = flip(members(exported["zip"])[path])
    new_sha = hashlib.sha256(changed).hexdigest()
    ledger_line = (
        f"文件 {path}：与日志条目 #{scan['ledger_index']} 记录的哈希不符（日志 SHA-256 {short(scan['sha256'])}，"
        f"文件 {short(new_sha)}）"
    )
    assert check(repack(exported["zip"], {path: changed})) == [
        f"文件 {path}：SHA-256 不符（清单 {short(scan['sha256'])}，实际 {short(new_sha)}）",
        f"文件 {path}：SM3 不符（清单 {short(scan['sm3'])}，实际 {short(hashlib.new('sm3', changed).hexdigest())}）",
        ledger_line,
    ]
    assert check(repack(exported["zip"], {path: changed}, fix_manifest=True), exported["pem"]) == [
        ledger_line
    ]


def test_a_consistently_removed_scan_is_caught_by_its_signature_entry(exported):
    scan = scan_item(exported)
    assert check(repack(exported["zip"], {scan["path"]: None}, fix_manifest=True)) == [
        f"日志条目 #{scan['ledger_index']}：记录的文书 {scan['document']} 的签名扫描件不在卷宗中"
    ]


def test_a_scan_passed_off_under_another_entry_is_named(exported):
    scan = scan_item(exported)
    entries = json.loads(members(exported["zip"])[layout.ENTRIES])["entries"]
    refusal = next(e for e in entries if e["kind"] == "document.signature_refused")
    manifest = manifest_of(exported["zip"])
    for listed in manifest["files"]:
        if listed["kind"] == "signature_scan":
            listed["ledger_index"] = refusal["index"]  # a signature entry, but of another document
    forged = repack(exported["zip"], {layout.MANIFEST: json.dumps(manifest, ensure_ascii=False).encode()})
    assert check(forged) == [
        f"文件 {scan['path']}：日志中没有该签名扫描件的登记记录（document.signed）",
        f"日志条目 #{scan['ledger_index']}：记录的文书 {scan['document']} 的签名扫描件不在卷宗中",
    ]


def test_a_changed_manifest_digest_names_the_file(exported):
    path = path_of(exported, "evidence", evidence_kind="photo")
    manifest = members(exported["zip"])[layout.MANIFEST].decode()
    real = item(exported, path)["sha256"]
    forged = ("0" if real[0] != "0" else "1") + real[1:]
    problems = check(repack(exported["zip"], {layout.MANIFEST: manifest.replace(real, forged).encode()}))
    assert problems == [f"文件 {path}：SHA-256 不符（清单 {short(forged)}，实际 {short(real)}）"]


def test_a_broken_manifest_or_a_missing_one_is_reported(exported):
    manifest = members(exported["zip"])[layout.MANIFEST]
    problems = check(repack(exported["zip"], {layout.MANIFEST: manifest.replace(b'"files"', b'"filez"')}))
    assert problems == ["manifest.json：格式错误：缺少文件列表 files"]
    problems = check(repack(exported["zip"], {layout.MANIFEST: manifest[:-20]}))
    assert len(problems) == 1 and problems[0].startswith("manifest.json：格式错误，不是合法的 JSON")
    assert check(repack(exported["zip"], {layout.MANIFEST: None})) == [
        "manifest.json：缺失，这不是电子卷宗导出文件，或清单已被删除"
    ]


def test_a_changed_ledger_entry_is_named_by_its_index(exported):
    data = json.loads(members(exported["zip"])[layout.ENTRIES])
    victim = data["entries"][3]
    victim["payload"] = victim["payload"].replace('"effective_on":"', '"effective_on":"1')
    problems = check(
        repack(
            exported["zip"],
            {layout.ENTRIES: json.dumps(data, ensure_ascii=False).encode()},
            fix_manifest=True,
        )
    )
    assert len(problems) == 1
    assert problems[0].startswith(
        f"日志条目 #{victim['index']}：叶哈希不符（记录 {short(victim['leaf_hash'])}"
    )
    assert problems[0].endswith("条目内容已被改动")


def test_an_entry_whose_leaf_hash_was_recomputed_fails_its_inclusion_proof(exported):
    from sanxiang.ledger import merkle
    from sanxiang.ledger.encoding import leaf_data

    data = json.loads(members(exported["zip"])[layout.ENTRIES])
    victim = data["entries"][-1]
    victim["created_at"] = victim["created_at"].replace("Z", "").rstrip("0123456789") + "000001Z"
    fields = {k: victim[k] for k in ("kind", "subject_type", "subject_id", "actor", "created_at", "payload")}
    victim["leaf_hash"] = merkle.hash_leaf(leaf_data(index=victim["index"], **fields)).hex()
    problems = check(
        repack(
            exported["zip"],
            {layout.ENTRIES: json.dumps(data, ensure_ascii=False).encode()},
            fix_manifest=True,
        )
    )
    assert problems == [f"日志条目 #{victim['index']}：包含证明无效，不能由该条目推导出签名树头的根哈希"]


def test_a_changed_proof_is_named_by_its_entry(exported):
    data = json.loads(members(exported["zip"])[layout.PROOFS])
    target = next(p for p in data["proofs"] if p["proof"])
    target["proof"][0] = ("0" if target["proof"][0][0] != "0" else "1") + target["proof"][0][1:]
    problems = check(repack(exported["zip"], {layout.PROOFS: json.dumps(data).encode()}, fix_manifest=True))
    assert problems == [f"日志条目 #{target['index']}：包含证明无效，不能由该条目推导出签名树头的根哈希"]


def test_a_changed_tree_head_or_signature_fails_the_signature(exported):
    head = json.loads(members(exported["zip"])[layout.TREE_HEAD])
    later = dict(head, timestamp=head["timestamp"].replace(head["timestamp"][:4], "2099"))
    problems = check(
        repack(exported["zip"], {layout.TREE_HEAD: json.dumps(later).encode()}, fix_manifest=True)
    )
    assert problems == [f"{layout.TREE_HEAD}：签名无效：树头内容或签名已被改动，与卷宗内公钥不符"]
    signature = bytearray(base64.b64decode(head["signature"]))
    signature[5] ^= 1
    forged = dict(head, signature=base64.b64encode(bytes(signature)).decode())
    problems = check(
        repack(exported["zip"], {layout.TREE_HEAD: json.dumps(forged).encode()}, fix_manifest=True)
    )
    assert problems == [f"{layout.TREE_HEAD}：签名无效：树头内容或签名已被改动，与卷宗内公钥不符"]


def test_a_deleted_file_is_named_and_a_consistently_deleted_one_is_caught_by_the_ledger(exported):
    path = path_of(exported, "evidence", evidence_kind="video")
    assert check(repack(exported["zip"], {path: None})) == [f"文件 {path}：清单列出但压缩包中缺失"]
    ingest = entry_index(exported, "evidence.ingested", item(exported, path)["evidence"])
    assert check(repack(exported["zip"], {path: None}, fix_manifest=True)) == [
        f"日志条目 #{ingest}：记录入库的证据 {item(exported, path)['evidence']} 不在卷宗中"
    ]


def test_an_added_file_is_named(exported):
    assert check(repack(exported["zip"], {"evidence/999-补充.jpg": b"\xff\xd8extra"})) == [
        "文件 evidence/999-补充.jpg：压缩包中有、清单中未列出的文件"
    ]


def test_a_flipped_byte_inside_the_zip_is_reported_as_damaged(exported):
    data = exported["zip"]
    path = path_of(exported, "evidence", evidence_kind="video")
    offset = data.index(b"isomiso2")  # inside the stored video
    problems = check(flip(data, offset + 100))
    assert problems == [f"文件 {path}：数据损坏（CRC 校验失败或无法解压）"]


def test_a_wrong_key_is_refused_and_a_resigned_archive_passes_only_without_the_trusted_key(exported):
    stranger = Ed25519PrivateKey.generate()
    stranger_pem = stranger.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert check(exported["zip"], stranger_pem) == [
        f"{layout.PUBLIC_KEY}：与 --key 指定的公钥不同",
        f"{layout.TREE_HEAD}：签名与 --key 指定的公钥不符，树头不是由该公钥的持有者签发",
    ]
    # An attacker rewrites the whole file (here: the tree head time) and signs it with their own key.
    head = json.loads(members(exported["zip"])[layout.TREE_HEAD])
    head["timestamp"] = head["timestamp"].replace(head["timestamp"][:4], "2099")
    body = layout.checkpoint_body(
        head["origin"], head["tree_size"], bytes.fromhex(head["root_hash"]), head["timestamp"]
    )
    head["signature"] = base64.b64encode(stranger.sign(body)).decode()
    raw = stranger.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    head["key_id"] = hashlib.sha256(raw).hexdigest()
    resigned = repack(
        exported["zip"],
        {layout.TREE_HEAD: json.dumps(head).encode(), layout.PUBLIC_KEY: stranger_pem},
        fix_manifest=True,
    )
    assert check(resigned) == []  # self-consistent: this is why --key exists
    assert check(resigned, exported["pem"]) == [
        f"{layout.PUBLIC_KEY}：与 --key 指定的公钥不同",
        f"{layout.TREE_HEAD}：签名与 --key 指定的公钥不符，树头不是由该公钥的持有者签发",
    ]


def test_a_file_that_is_not_a_zip_is_unreadable():
    with pytest.raises(Unreadable):
        verify_archive(io.BytesIO(b"%PDF-1.4 not a zip"))


def test_the_checkpoint_text_matches_the_ledgers_signing_code():
    import datetime

    from sanxiang.ledger import signing
    from sanxiang.ledger.encoding import iso_utc

    moment = datetime.datetime(2026, 3, 5, 1, 2, 3, 456789, tzinfo=datetime.UTC)
    root = hashlib.sha256(b"x").digest()
    assert layout.checkpoint_body("sanxiang/ledger", 42, root, iso_utc(moment)) == signing.checkpoint_body(
        "sanxiang/ledger", 42, root, moment
    )


# --- the command -----------------------------------------------------------------------------------


def run_verify(path: Path, *extra: str) -> subprocess.CompletedProcess:
    """The real console script, with a database URL that cannot work: verify must never need it."""
    env = dict(os.environ, DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database")
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "sanxiang", "archive", "verify", str(path), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_verifies_offline_without_a_database(exported, tmp_path):
    good = tmp_path / "good.zip"
    good.write_bytes(exported["zip"])
    key = tmp_path / "key.pem"
    key.write_text(exported["pem"])
    done = run_verify(good, "--key", str(key))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("卷宗校验通过") and "并已用指定公钥核对签名" in done.stdout

    bad = tmp_path / "bad.zip"
    bad.write_bytes(repack(exported["zip"], {"额外.txt": b"x"}))
    done = run_verify(bad)
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["文件 额外.txt：压缩包中有、清单中未列出的文件"]

    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    done = run_verify(junk)
    assert done.returncode == 2 and "不是 ZIP 文件" in done.stderr


def test_the_command_exit_codes_in_process(exported, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(repack(exported["zip"], {layout.PROOFS: None}))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("archive", "verify", str(bad), stdout=out)
    assert raised.value.returncode == 1
    assert out.getvalue().splitlines() == [
        f"文件 {layout.PROOFS}：清单列出但压缩包中缺失",
        f"{layout.PROOFS}：缺失，无法核对防篡改日志",
    ]
    with pytest.raises(CommandError) as raised:
        call_command("archive", "verify", str(tmp_path / "missing.zip"))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as raised:
        call_command("archive", "verify", str(bad), "--key", "not-a-key")
    assert raised.value.returncode == 2 and "--key" in str(raised.value)
