"""The resumable chunk protocol (EVD-03): order, resume, limits, quotas, hashes and what is kept."""

import gc
import hashlib
import io
import tracemalloc

import pytest

from sanxiang.core.errors import InvalidInput
from sanxiang.evidence.choices import UploadState
from sanxiang.evidence.errors import LengthRequired
from sanxiang.evidence.models import Evidence, UploadSession
from sanxiang.evidence.services import ingest, partial
from sanxiang.ledger.models import Entry

from .conftest import assert_error, blob_path, mp4, sha256, sm3

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def part_files(tmp_path) -> list:
    return sorted((tmp_path / "uploads-tmp").glob("*.part"))


def test_a_file_uploaded_in_chunks_is_stored_once_under_its_hash_with_both_digests(
    api, new_case, evidence_dirs
):
    case = new_case()
    data = mp4(900_000)
    done = api.upload(case, data, name="../../现场录像.mp4", step="field", place="河津市城区", chunk=300_000)
    assert done.status_code == 201, done.content
    body = done.json()
    assert (body["sha256"], body["sm3"], body["size"]) == (sha256(data), sm3(data), len(data))
    assert body["name"] == "现场录像.mp4" and body["kind"] == "video" and body["retention"] == "永久保存"
    assert blob_path(evidence_dirs, sha256(data)).read_bytes() == data
    assert part_files(evidence_dirs) == []  # BAK-04: nothing left behind
    entry = Entry.objects.get(kind="evidence.ingested")
    assert entry.subject_id == body["id"] and sha256(data) in entry.payload and sm3(data) in entry.payload
    assert "现场录像" not in entry.payload and "河津" not in entry.payload  # no personal data in the log
    again = api.upload(case, data, name="copy.mp4")
    assert again.status_code == 201
    assert len(list((evidence_dirs / "media" / "evidence").rglob("*"))) == 2  # one dir + one blob


def test_content_range_chunks_and_put_work_like_upload_offset(api, new_case):
    case = new_case()
    data = mp4(100_000)
    session = api.open_session(case, data).json()["id"]
    first = api.send(
        "PUT", f"/evidence/uploads/{session}", data[:60_000], HTTP_CONTENT_RANGE=f"bytes 0-59999/{len(data)}"
    )
    assert first.status_code == 200 and first["Upload-Offset"] == "60000"
    second = api.send(
        "PUT", f"/evidence/uploads/{session}", data[60_000:], HTTP_CONTENT_RANGE="bytes 60000-99999/*"
    )
    assert second.json()["offset"] == len(data)
    assert api.post(f"/evidence/uploads/{session}/complete").status_code == 201


def test_out_of_order_and_overlapping_chunks_get_409_with_the_expected_offset(api, new_case, evidence_dirs):
    case = new_case()
    data = mp4(300_000)
    session = api.open_session(case, data).json()["id"]
    assert api.chunk(session, 0, data[:100_000]).status_code == 200
    ahead = assert_error(api.chunk(session, 200_000, data[200_000:]), 409, "offset_mismatch")
    overlap = assert_error(api.chunk(session, 50_000, data[50_000:150_000]), 409, "offset_mismatch")
    assert ahead["offset"] == overlap["offset"] == 100_000
    status = api.get(f"/evidence/uploads/{session}")
    assert status.json()["offset"] == 100_000 and status["Upload-Offset"] == "100000"
    head = api.head(f"/evidence/uploads/{session}")
    assert head.status_code == 200 and head["Upload-Offset"] == "100000" and head["Upload-Length"] == "300000"
    assert part_files(evidence_dirs)[0].stat().st_size == 100_000


def test_completing_before_all_bytes_arrived_is_refused_and_keeps_the_session(api, new_case):
    case = new_case()
    data = mp4(200_000)
    session = api.open_session(case, data).json()["id"]
    api.chunk(session, 0, data[:150_000])
    assert_error(api.post(f"/evidence/uploads/{session}/complete"), 409, "upload_incomplete")
    assert not Evidence.objects.exists()
    api.chunk(session, 150_000, data[150_000:])
    assert api.post(f"/evidence/uploads/{session}/complete").status_code == 201


def test_a_declared_hash_that_does_not_match_voids_the_upload(api, new_case, evidence_dirs):
    case = new_case()
    data = mp4(120_000)
    created = api.open_session(case, data, sha256=hashlib.sha256(b"other").hexdigest()).json()
    api.chunk(created["id"], 0, data)
    assert_error(api.post(f"/evidence/uploads/{created['id']}/complete"), 400, "hash_mismatch")
    assert not Evidence.objects.exists() and part_files(evidence_dirs) == []
    assert UploadSession.objects.get().state == UploadState.FAILED
    assert Entry.objects.filter(kind="evidence.upload_failed").count() == 1
    assert_error(api.chunk(created["id"], 0, data), 409, "session_closed")


def test_a_matching_declared_hash_is_accepted(api, new_case):
    data = mp4(50_000)
    assert api.upload(new_case(), data, sha256=sha256(data).upper()).status_code == 201


def test_files_over_the_limit_get_413_before_anything_is_stored(api, new_case, settings, evidence_dirs):
    settings.SANXIANG_EVIDENCE_MAX_BYTES = 100_000
    case = new_case()
    assert_error(api.open_session(case, mp4(100_001)), 413, "too_large")
    data = mp4(100_000)
    session = api.open_session(case, data).json()["id"]
    assert_error(api.chunk(session, 0, data + b"x"), 413, "too_large")  # one byte beyond the declared size
    assert part_files(evidence_dirs) == []  # refused before the file was even opened


def test_a_chunk_without_length_or_offset_is_refused(api, new_case):
    data = mp4(10_000)
    session = api.open_session(new_case(), data).json()["id"]
    assert_error(api.send("PATCH", f"/evidence/uploads/{session}", data), 400, "missing_offset")
    assert_error(
        api.send("PATCH", f"/evidence/uploads/{session}", data, HTTP_UPLOAD_OFFSET="-1"), 400, "bad_offset"
    )
    bad_range = api.send("PATCH", f"/evidence/uploads/{session}", data, HTTP_CONTENT_RANGE="bytes 0-5/10000")
    assert_error(bad_range, 400, "bad_content_range")


def test_missing_content_length_is_411():
    session = UploadSession(size=10)
    with pytest.raises(LengthRequired):
        ingest._chunk_start(session, None, "0", None)


RENAMED = [
    ("video.mp4", b"<!DOCTYPE html><html><body><script>alert(1)</script>" + b" " * 9000),
    ("photo.jpg", b"<?php system($_GET['c']); ?>" + b" " * 9000),
    ("a.mp4", b"\xff\xd8\xff\xe0" + b"\x00" * 9000),  # a JPEG renamed .mp4
]


def test_a_renamed_file_is_refused_as_soon_as_its_first_bytes_arrive(api, new_case, evidence_dirs):
    case = new_case()
    for name, data in RENAMED:
        payload = {"case": str(case.public_id), "step": "field", "filename": name, "size": 10 * 1024 * 1024}
        session = api.post("/evidence/uploads", payload).json()["id"]
        assert_error(api.chunk(session, 0, data), 415, "content_mismatch")
        assert part_files(evidence_dirs) == [] and not Evidence.objects.exists(), name
        assert UploadSession.objects.get(public_id=session).state == UploadState.FAILED


def test_a_disallowed_extension_is_refused_when_the_session_opens(api, new_case):
    response = api.post(
        "/evidence/uploads",
        {"case": str(new_case().public_id), "step": "field", "filename": "x.php", "size": 10},
    )
    assert_error(response, 415, "unsupported_type")
    response = api.post(
        "/evidence/uploads",
        {"case": str(new_case().public_id), "step": "nope", "filename": "x.mp4", "size": 10},
    )
    assert "step" in assert_error(response, 400, "invalid")["fields"]


def test_open_sessions_and_bytes_per_user_are_limited(api, new_case, settings):
    settings.SANXIANG_UPLOAD_MAX_SESSIONS = 2
    settings.SANXIANG_UPLOAD_QUOTA_BYTES = 1_000_000
    case = new_case()
    first = api.open_session(case, mp4(400_000)).json()["id"]
    assert api.open_session(case, mp4(400_000)).status_code == 201
    assert_error(api.open_session(case, mp4(10)), 429, "quota_exceeded")
    api.send("DELETE", f"/evidence/uploads/{first}")
    assert_error(api.open_session(case, mp4(700_000)), 429, "quota_exceeded")  # 400k + 700k > 1M
    assert api.open_session(case, mp4(500_000)).status_code == 201


def test_a_cancelled_upload_leaves_no_file(api, new_case, evidence_dirs):
    data = mp4(50_000)
    session = api.open_session(new_case(), data).json()["id"]
    api.chunk(session, 0, data[:20_000])
    assert api.send("DELETE", f"/evidence/uploads/{session}").status_code == 204
    assert part_files(evidence_dirs) == []
    assert_error(api.chunk(session, 20_000, data[20_000:]), 409, "session_closed")


def test_another_users_session_is_not_found(api, api_for, cast, new_case):
    data = mp4(50_000)
    session = api.open_session(new_case(), data).json()["id"]
    other = api_for(cast.officer_a2)
    assert_error(other.chunk(session, 0, data), 404, "not_found")
    assert_error(other.get(f"/evidence/uploads/{session}"), 404)
    assert_error(other.post(f"/evidence/uploads/{session}/complete"), 404)


class Flaky(io.BytesIO):
    """A request body whose connection drops after `cut` bytes."""

    def __init__(self, data: bytes, cut: int):
        super().__init__(data)
        self.cut = cut

    def read(self, size=-1):
        if self.tell() >= self.cut:
            raise ConnectionResetError("client went away")
        return super().read(min(size, self.cut - self.tell()))


def test_after_a_disconnect_and_a_restart_the_upload_resumes_to_an_identical_sm3(api, cast, new_case):
    case = new_case()
    data = mp4(1_000_000)
    session = api.open_session(case, data).json()["id"]
    with pytest.raises(InvalidInput, match="分片不完整"):
        ingest.receive_chunk(
            cast.officer_a, session, Flaky(data[:600_000], 250_000), length=600_000, offset="0"
        )
    offset = api.head(f"/evidence/uploads/{session}")["Upload-Offset"]
    assert offset == "250000"  # what arrived before the drop is kept
    partial._LIVE.clear()  # a process restart: the hash state is rebuilt from disk
    assert api.chunk(session, 250_000, data[250_000:]).status_code == 200
    done = api.post(f"/evidence/uploads/{session}/complete")
    assert done.json()["sm3"] == sm3(data) and done.json()["sha256"] == sha256(data)


def test_completing_twice_answers_the_same_evidence(api, new_case):
    data = mp4(20_000)
    session = api.open_session(new_case(), data).json()["id"]
    api.chunk(session, 0, data)
    first = api.post(f"/evidence/uploads/{session}/complete").json()
    assert api.post(f"/evidence/uploads/{session}/complete").json()["id"] == first["id"]
    assert Evidence.objects.count() == 1


def test_a_50_mib_upload_in_chunks_keeps_memory_bounded(api, new_case, evidence_dirs):
    """EVD-03: Python allocations stay at a few chunks whatever the file size."""
    case = new_case()
    size, chunk = 50 * MiB, 4 * MiB
    session = api.open_session(case, b"\0" * size).json()["id"]
    digest = hashlib.sha256()
    tracemalloc.start()
    try:
        for offset in range(0, size, chunk):
            length = min(chunk, size - offset)
            block = mp4(length) if offset == 0 else bytes(length)
            digest.update(block)
            assert api.chunk(session, offset, block).status_code == 200
            del block
            gc.collect()  # the test client's request/response cycles, not the server's memory
        done = api.post(f"/evidence/uploads/{session}/complete")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.status_code == 201 and done.json()["sha256"] == digest.hexdigest()
    assert peak < 3 * chunk, f"peak {peak / MiB:.1f} MiB"  # the test's own chunk and the client's copy of it
    assert blob_path(evidence_dirs, digest.hexdigest()).stat().st_size == size
