"""Playback and downloads: ranges (206/416), headers, custody for every read, thumbnails."""

import pytest

from sanxiang.evidence.choices import CustodyAction
from sanxiang.evidence.models import CustodyEvent
from sanxiang.ledger.models import Entry

from .conftest import assert_error, jpeg, mp4

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(api, new_case):
    data = mp4(200_000)
    return api.upload(new_case(), data, name="../现场\r\n录像\u202e.mp4").json(), data


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


RANGES = [
    ("bytes=0-99", 0, 99),
    ("bytes=100-", 100, 199_999),
    ("bytes=-500", 199_500, 199_999),
    ("bytes=199990-500000", 199_990, 199_999),
    ("bytes=0-", 0, 199_999),  # what a <video> element asks first: still 206
]
BAD_RANGES = ["bytes=200000-", "bytes=500000-600000", "bytes=9-3", "bytes=abc", "bytes=-0", "bytes=-"]


def test_range_requests_answer_206_with_exactly_the_bytes_asked(api, video):
    evidence, data = video
    for header, start, end in RANGES:
        response = api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE=header)
        assert response.status_code == 206, header
        assert response["Content-Range"] == f"bytes {start}-{end}/{len(data)}"
        assert response["Accept-Ranges"] == "bytes" and int(response["Content-Length"]) == end - start + 1
        assert body_of(response) == data[start : end + 1]


def test_unsatisfiable_or_invalid_ranges_answer_416(api, video):
    evidence, data = video
    for header in BAD_RANGES:
        response = api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE=header)
        assert_error(response, 416, "range_not_satisfiable")
        assert response["Content-Range"] == f"bytes */{len(data)}", header


def test_several_ranges_or_another_unit_are_ignored_and_the_whole_file_is_sent(api, video):
    evidence, data = video
    for header in ("bytes=0-1,5-6", "items=0-1"):
        response = api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE=header)
        assert response.status_code == 200 and body_of(response) == data


def test_downloads_are_attachments_with_an_encoded_safe_name_and_nosniff(api, video):
    evidence, data = video
    response = api.get(f"/evidence/{evidence['id']}/download")
    assert response.status_code == 200 and body_of(response) == data
    assert response["Content-Type"] == "video/mp4" and response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
    assert (
        "\r" not in disposition
        and "\n" not in disposition
        and "/" not in disposition
        and "\u202e" not in disposition
    )
    assert response["Cache-Control"] == "private, no-store"
    assert api.get(f"/evidence/{evidence['id']}/content")["Content-Disposition"].startswith("inline;")


def test_every_download_has_a_custody_entry_and_a_ledger_entry(api, api_for, cast, video):
    evidence, _data = video
    supervisor = api_for(cast.supervisor)
    for client in (api, api, supervisor):
        body_of(client.get(f"/evidence/{evidence['id']}/download", {"reason": "案卷评查"}))
    downloads = CustodyEvent.objects.filter(action=CustodyAction.DOWNLOADED)
    assert downloads.count() == 3 and {d.actor for d in downloads} == {cast.officer_a, cast.supervisor}
    assert all(
        d.reason == "案卷评查" and d.ip == "127.0.0.1" and d.ledger_index is not None for d in downloads
    )
    accessed = Entry.objects.filter(kind="evidence.accessed", subject_id=evidence["id"])
    assert accessed.count() == 3 and "127.0.0.1" not in "".join(e.payload for e in accessed)
    log = api.get(f"/evidence/{evidence['id']}/custody").json()
    assert [c["action"] for c in log] == ["ingested", "downloaded", "downloaded", "downloaded"]


def test_playback_seeks_within_the_window_are_one_custody_entry(api, video, settings):
    evidence, _data = video
    for header in ("bytes=0-", "bytes=1000-2000", "bytes=5000-"):
        body_of(api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE=header))
    assert CustodyEvent.objects.filter(action=CustodyAction.PLAYED).count() == 1
    settings.SANXIANG_EVIDENCE_CUSTODY_WINDOW = 0
    body_of(api.get(f"/evidence/{evidence['id']}/content", HTTP_RANGE="bytes=0-"))
    assert CustodyEvent.objects.filter(action=CustodyAction.PLAYED).count() == 2


def test_a_photo_gets_one_stored_thumbnail_and_thumbnails_add_no_custody(api, new_case, evidence_dirs):
    photo = api.upload(new_case(), jpeg(1200, 900), name="现场照片.jpg").json()
    first = api.get(f"/evidence/{photo['id']}/thumbnail")
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg"
    thumbs = list((evidence_dirs / "media" / "thumbnails").rglob("*.jpg"))
    assert len(thumbs) == 1
    assert api.get(f"/evidence/{photo['id']}/thumbnail").content == first.content
    assert not CustodyEvent.objects.exclude(action=CustodyAction.INGESTED).exists()
    import io

    from PIL import Image

    assert max(Image.open(io.BytesIO(first.content)).size) == 320


def test_files_without_a_thumbnail_answer_204(api, video):
    evidence, _ = video
    assert api.get(f"/evidence/{evidence['id']}/thumbnail").status_code == 204


def test_an_unknown_or_malformed_id_is_404(api):
    for url in ("/evidence/00000000-0000-0000-0000-000000000000/download", "/evidence/nonsense/content"):
        assert_error(api.get(url), 404)


def test_the_storage_location_is_not_served_as_a_url(client, video, evidence_dirs):
    evidence, _ = video
    sha = evidence["sha256"]
    for url in (
        f"/media/evidence/{sha[:2]}/{sha}",
        f"/evidence/{sha[:2]}/{sha}",
        f"/static/../media/evidence/{sha[:2]}/{sha}",
    ):
        assert client.get(url).status_code == 404
