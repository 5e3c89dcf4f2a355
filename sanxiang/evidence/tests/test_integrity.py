"""EVD-01: every read checks the hash; a mismatch blocks the file, is logged, audited and alerted."""

import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanxiang.evidence.choices import CustodyAction, EvidenceStatus
from sanxiang.evidence.errors import IntegrityFailure
from sanxiang.evidence.models import CustodyEvent, Evidence
from sanxiang.evidence.services import integrity
from sanxiang.ledger.models import Entry

from .conftest import assert_error, blob_path, mp4

pytestmark = pytest.mark.django_db


def test_sm3_is_the_national_standard_digest():
    import hashlib

    assert (
        hashlib.new("sm3", b"abc").hexdigest()
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


@pytest.fixture
def stored(api, new_case, evidence_dirs):
    data = mp4(300_000)
    evidence = api.upload(new_case(), data).json()
    return evidence, data, blob_path(evidence_dirs, evidence["sha256"])


def flip_one_byte(path, at: int = 150_000) -> None:
    path.chmod(0o640)
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x01
    path.write_bytes(bytes(raw))


def test_a_flipped_byte_blocks_the_file_on_download_with_audit_and_alert(api, stored, caplog):
    evidence, _data, path = stored
    Evidence.objects.filter(public_id=evidence["id"]).update(verified_at=None)
    flip_one_byte(path)
    with caplog.at_level(logging.CRITICAL, logger="sanxiang.evidence.alerts"):
        assert_error(api.get(f"/evidence/{evidence['id']}/download"), 409, "integrity_failure")
    row = Evidence.objects.get(public_id=evidence["id"])
    assert row.status == EvidenceStatus.BLOCKED and row.blocked_at is not None
    assert Entry.objects.filter(kind="evidence.integrity_failure", subject_id=evidence["id"]).count() == 1
    assert CustodyEvent.objects.filter(evidence=row, action=CustodyAction.INTEGRITY_FAILURE).count() == 1
    assert any("integrity failure" in r.getMessage() for r in caplog.records)
    assert_error(
        api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE="bytes=0-10"), 409, "evidence_blocked"
    )
    assert_error(api.get(f"/evidence/{evidence['id']}/download"), 409, "evidence_blocked")
    assert not CustodyEvent.objects.filter(action=CustodyAction.DOWNLOADED).exists()  # nothing was served


def test_a_large_full_read_is_checked_while_streaming_and_cut_short(api, stored, settings):
    evidence, data, path = stored
    settings.SANXIANG_EVIDENCE_PREVERIFY_BYTES = 1000  # treat the file as large: no check before sending
    flip_one_byte(path)
    response = api.get(f"/evidence/{evidence['id']}/download")
    assert response.status_code == 200 and int(response["Content-Length"]) == len(data)
    with pytest.raises(IntegrityFailure):
        b"".join(response.streaming_content)
    assert Evidence.objects.get(public_id=evidence["id"]).status == EvidenceStatus.BLOCKED


def test_range_reads_rely_on_a_recent_check_and_recheck_after_the_window(api, stored, settings, monkeypatch):
    evidence, _data, path = stored
    calls = []
    real = integrity.stored_sm3
    monkeypatch.setattr(integrity, "stored_sm3", lambda e: calls.append(1) or real(e))
    for start in range(0, 50_000, 10_000):
        assert api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE=f"bytes={start}-").status_code == 206
    assert calls == []  # verified at ingest, inside the window: no whole-file re-hash per seek
    settings.SANXIANG_EVIDENCE_VERIFY_WINDOW = 0
    flip_one_byte(path)
    assert_error(
        api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE="bytes=0-9"), 409, "integrity_failure"
    )
    assert calls == [1]


def test_verify_sweeps_every_blob_reports_mismatches_and_exits_1(
    api, new_case, stored, evidence_dirs, capsys
):
    evidence, _data, path = stored
    other = api.upload(new_case(), mp4(1000)).json()
    call_command("evidence", "verify")
    assert "OK：2 个存储文件、2 条证据记录校验一致" in capsys.readouterr().out
    flip_one_byte(path)
    blob_path(evidence_dirs, other["sha256"]).unlink()
    with pytest.raises(CommandError) as failed:
        call_command("evidence", "verify")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert evidence["id"] in out and "哈希不符" in out and other["id"] in out and "文件缺失" in out
    assert Evidence.objects.filter(status=EvidenceStatus.BLOCKED).count() == 2
    assert Entry.objects.filter(kind="evidence.integrity_failure").count() == 2
