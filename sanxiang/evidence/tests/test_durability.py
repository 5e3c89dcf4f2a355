"""DUR-02/03/04: nothing is acknowledged unless durable; failures leave no rows or partial files."""

import errno
import os
import subprocess

import pytest
from django.core.management import call_command

from sanxiang.evidence.choices import UploadState
from sanxiang.evidence.models import Evidence, UploadSession
from sanxiang.evidence.services import ingest
from sanxiang.ledger.models import Entry

from .conftest import assert_error, blob_path, mp4, temp_files

pytestmark = pytest.mark.django_db


def failing(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def sent(api, case, data):
    """An open session holding all of `data`, not yet completed."""
    session = api.open_session(case, data).json()["id"]
    assert api.chunk(session, 0, data).status_code == 200
    return session


def blobs(tmp_path) -> list:
    root = tmp_path / "media" / "evidence"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_fsync_error_fails_the_completion_and_nothing_is_acknowledged(
    api, new_case, evidence_dirs, monkeypatch
):
    case = new_case()
    data = mp4(100_000)
    session = sent(api, case, data)
    monkeypatch.setattr(os, "fsync", failing(errno.EIO))
    assert_error(api.post(f"/evidence/uploads/{session}/complete"), 500, "storage_failure")
    assert not Evidence.objects.exists() and blobs(evidence_dirs) == []
    assert Entry.objects.filter(kind="evidence.upload_failed").count() == 1  # the failure is audited
    assert not Entry.objects.filter(kind="evidence.ingested").exists()
    monkeypatch.undo()
    done = api.post(f"/evidence/uploads/{session}/complete")  # recovery: the same session completes
    assert done.status_code == 201 and blob_path(evidence_dirs, done.json()["sha256"]).read_bytes() == data


def test_a_chunk_whose_fsync_fails_is_not_acknowledged_and_is_cut_back(
    api, new_case, evidence_dirs, monkeypatch
):
    data = mp4(100_000)
    session = api.open_session(new_case(), data).json()["id"]
    api.chunk(session, 0, data[:40_000])
    monkeypatch.setattr(os, "fsync", failing(errno.EIO))
    assert_error(api.chunk(session, 40_000, data[40_000:]), 500, "storage_failure")
    monkeypatch.undo()
    assert api.head(f"/evidence/uploads/{session}")["Upload-Offset"] == "40000"
    assert api.chunk(session, 40_000, data[40_000:]).status_code == 200
    assert api.post(f"/evidence/uploads/{session}/complete").json()["size"] == len(data)


def test_disk_full_while_receiving_answers_507_and_keeps_the_acknowledged_offset(api, new_case, monkeypatch):
    data = mp4(100_000)
    session = api.open_session(new_case(), data).json()["id"]
    api.chunk(session, 0, data[:30_000])
    monkeypatch.setattr(os, "write", failing(errno.ENOSPC))
    assert_error(api.chunk(session, 30_000, data[30_000:]), 507, "insufficient_storage")
    monkeypatch.undo()
    assert api.get(f"/evidence/uploads/{session}").json()["offset"] == 30_000
    api.chunk(session, 30_000, data[30_000:])
    assert api.post(f"/evidence/uploads/{session}/complete").status_code == 201


def test_a_crash_between_the_durable_file_and_the_row_leaves_only_garbage_that_gc_removes(
    api, cast, new_case, evidence_dirs, monkeypatch
):
    data = mp4(60_000)
    session = sent(api, new_case(), data)

    def crash(*args, **kwargs):
        raise RuntimeError("process died before the row committed")

    monkeypatch.setattr(Evidence.objects, "create", crash)
    with pytest.raises(RuntimeError):
        ingest.complete_session(cast.officer_a, session)
    monkeypatch.undo()
    assert not Evidence.objects.exists() and len(blobs(evidence_dirs)) == 1  # a file without a row: garbage
    assert not Entry.objects.filter(kind="evidence.ingested").exists()
    call_command("evidence", "gc", "--hours", "0")
    assert blobs(evidence_dirs) == []
    assert api.post(f"/evidence/uploads/{session}/complete").status_code == 201  # the session still completes
    call_command("evidence", "gc", "--hours", "0")
    assert len(blobs(evidence_dirs)) == 1  # referenced blobs are never collected


@pytest.fixture
def small_volume(tmp_path):
    """A size-capped tmpfs inside the test's tmp dir (skipped where mounting is not allowed)."""
    mounted = []

    def mount(name: str, size: str):
        path = tmp_path / name
        path.mkdir(exist_ok=True)
        argv = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)]
        result = subprocess.run(argv, capture_output=True)  # noqa: S603, S607 - fixed argv, no user input
        if result.returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(path)
        return path

    yield mount
    for path in mounted:
        subprocess.run(["umount", str(path)], check=False)  # noqa: S603, S607 - fixed argv, no user input


def fill(volume, leave: int):
    """Fill the volume until only about `leave` bytes are free; return the filler file."""
    stats = os.statvfs(volume)
    filler = volume / "filler"
    filler.write_bytes(b"\0" * max(stats.f_bavail * stats.f_frsize - leave, 0))
    return filler


def test_a_full_evidence_volume_answers_507_leaves_nothing_and_recovers_when_freed(
    api, new_case, small_volume, settings, evidence_dirs
):
    media = small_volume("media", "2m")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": str(media)}},
    }
    filler = fill(media, 64 * 1024)
    data = mp4(400_000)
    session = sent(api, new_case(), data)
    assert_error(api.post(f"/evidence/uploads/{session}/complete"), 507, "insufficient_storage")
    assert not Evidence.objects.exists()
    assert [p for p in (media / "evidence").rglob("*") if p.is_file()] == []  # no partial blob or temp file
    assert UploadSession.objects.get().state == UploadState.OPEN
    filler.unlink()
    done = api.post(f"/evidence/uploads/{session}/complete")
    assert done.status_code == 201
    assert (media / "evidence" / data_sha(data)[:2] / data_sha(data)).read_bytes() == data


def test_a_full_upload_volume_answers_507_without_keeping_the_partial_chunk(
    api, new_case, small_volume, settings, evidence_dirs
):
    uploads = small_volume("uploads-tmp", "1m")
    settings.SANXIANG_UPLOAD_TMP = str(uploads)
    filler = fill(uploads, 200 * 1024)
    data = mp4(500_000)
    session = api.open_session(new_case(), data).json()["id"]
    assert api.chunk(session, 0, data[:100_000]).status_code == 200
    assert_error(api.chunk(session, 100_000, data[100_000:]), 507, "insufficient_storage")
    assert api.head(f"/evidence/uploads/{session}")["Upload-Offset"] == "100000"
    filler.unlink()
    assert api.chunk(session, 100_000, data[100_000:]).status_code == 200
    assert api.post(f"/evidence/uploads/{session}/complete").status_code == 201
    assert temp_files(evidence_dirs) == [] and list(uploads.iterdir()) == []


def data_sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
