"""Exporting a case file: what is recorded (AUD-01, EVD-02), access four ways, the CLI, EVD-01 refusals."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sanxiang.api.models import ApiToken
from sanxiang.archive import layout, services
from sanxiang.archive.models import Export
from sanxiang.archive.verify import verify_archive
from sanxiang.evidence.choices import CustodyAction, EvidenceStatus
from sanxiang.evidence.models import CustodyEvent, Evidence
from sanxiang.ledger.models import Entry

from .support import export_bytes, manifest_of

pytestmark = pytest.mark.django_db


def test_an_export_writes_one_ledger_entry_an_export_row_and_a_custody_row_per_file(cast, driven_case):
    before = Entry.objects.count()
    prepared = services.export_case(cast.chief_a, driven_case, reason="案卷评查")
    # Recorded before the first byte is produced (the iterator has not been touched yet).
    export = Export.objects.get(case=driven_case)
    assert export == prepared.export and export.actor == cast.chief_a and export.reason == "案卷评查"
    entry = Entry.objects.get(kind="archive.exported")
    assert entry.index == export.ledger_index and entry.actor == cast.chief_a
    payload = json.loads(entry.payload)
    assert payload["case"] == str(driven_case.public_id) and payload["export"] == str(export.public_id)
    assert payload["manifest_sha256"] == export.manifest_sha256
    files = Evidence.objects.filter(case=driven_case)
    exported = CustodyEvent.objects.filter(action=CustodyAction.EXPORTED, actor=cast.chief_a)
    assert sorted(e.evidence_id for e in exported) == sorted(f.pk for f in files)
    assert all(row.ledger_index is not None for row in exported)
    assert Entry.objects.count() == before + 1 + files.count()  # archive.exported + evidence.accessed each

    data = export_bytes(prepared)
    report = verify_archive(io.BytesIO(data))
    assert report.ok, report.problems
    assert report.manifest_sha256 == export.manifest_sha256
    assert manifest_of(data)["export"] == str(export.public_id)


def test_a_signed_scan_is_exported_read_through_its_integrity_check_and_counted(cast, driven_case):
    prepared = services.export_case(cast.chief_a, driven_case)
    payload = json.loads(Entry.objects.get(kind="archive.exported").payload)
    assert payload["signature_scans"] == 1
    scans = [i for i in manifest_of(export_bytes(prepared))["files"] if i["kind"] == "signature_scan"]
    assert len(scans) == 1 and scans[0]["role"] == "party" and scans[0]["outcome"] == "signed"


def test_a_scan_changed_in_storage_stops_the_export_and_is_logged(cast, driven_case):
    from django.core.files.storage import default_storage

    from sanxiang.core.errors import Conflict
    from sanxiang.documents import blobs
    from sanxiang.documents.models import Signature

    signature = Signature.objects.exclude(scan_name="").get(document__case=driven_case)
    blobs.flush(signature.scan_name)  # written after commit; the test transaction never commits
    with open(default_storage.path(signature.scan_name), "r+b") as handle:  # noqa: PTH123
        handle.seek(100)
        handle.write(b"\x00")
    with pytest.raises(Conflict, match="签名扫描件"):
        services.export_case(cast.chief_a, driven_case)
    assert not Export.objects.exists()
    failure = json.loads(Entry.objects.get(kind="document.integrity_failure").payload)
    assert failure["file"] == "签名扫描件" and failure["expected_sha256"] == signature.scan_sha256


def test_a_later_export_carries_the_earlier_exports_ledger_entry(cast, driven_case):
    first = services.export_case(cast.chief_a, driven_case)
    export_bytes(first)
    data = export_bytes(services.export_case(cast.officer_a, driven_case))
    entries = json.loads(dict(_members(data))[layout.ENTRIES])["entries"]
    assert first.export.ledger_index in {e["index"] for e in entries}
    assert verify_archive(io.BytesIO(data)).ok


def _members(data: bytes):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            yield name, zf.read(name)


def test_a_blocked_evidence_file_stops_the_export_and_nothing_is_recorded(cast, driven_case):
    photo = Evidence.objects.filter(case=driven_case, kind="photo").get()
    Evidence.objects.filter(pk=photo.pk).update(status=EvidenceStatus.BLOCKED)
    before = Entry.objects.count()
    from sanxiang.core.errors import Conflict

    with pytest.raises(Conflict, match="已封存，卷宗不能导出"):
        services.export_case(cast.chief_a, driven_case)
    assert not Export.objects.exists()
    assert Entry.objects.count() == before - 0  # the tree head is signed, no entry appended


def test_a_file_changed_in_storage_is_caught_on_export_and_blocked(cast, driven_case, evidence_storage):
    from sanxiang.core.errors import Conflict

    video = Evidence.objects.filter(case=driven_case, kind="video").get()
    Evidence.objects.filter(pk=video.pk).update(verified_at=None)
    blob = evidence_storage / "media" / video.storage_key
    blob.chmod(0o644)
    data = bytearray(blob.read_bytes())
    data[1000] ^= 1
    blob.write_bytes(bytes(data))
    with pytest.raises(Conflict):
        services.export_case(cast.chief_a, driven_case)
    video.refresh_from_db()
    assert video.status == EvidenceStatus.BLOCKED  # EVD-01
    assert not Export.objects.exists()


# --- access four ways ------------------------------------------------------------------------------


def _api(client, user, case):
    headers = {}
    if user is not None:
        _token, key = ApiToken.issue(user)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.post(f"/api/v1/cases/{case.public_id}/archive", **headers)


@pytest.mark.parametrize(
    ("who", "page", "download", "api"),
    [
        ("anonymous", 302, 302, 401),
        ("nobody", 404, 404, 404),
        ("officer_a", 200, 200, 200),
        ("officer_b", 404, 404, 404),
    ],
)
def test_access_four_ways(client, cast, driven_case, who, page, download, api):
    user = None if who == "anonymous" else getattr(cast, who)
    if user is not None:
        client.force_login(user)
    assert client.get(reverse("archive:case", args=[driven_case.pk])).status_code == page
    response = client.post(reverse("archive:export", args=[driven_case.pk]))
    assert response.status_code == download
    client.logout()
    response_api = _api(client, user, driven_case)
    assert response_api.status_code == api
    granted = download == 200
    if granted:
        data = b"".join(response.streaming_content)
        assert response["Content-Type"] == "application/zip"
        assert "filename*=UTF-8''" in response["Content-Disposition"]
        assert verify_archive(io.BytesIO(data)).ok
        assert verify_archive(io.BytesIO(b"".join(response_api.streaming_content))).ok
    assert Export.objects.count() == (2 if granted else 0)


def test_the_export_list_in_the_api_is_scoped(client, cast, driven_case):
    export_bytes(services.export_case(cast.chief_a, driven_case))
    for user, status, count in ((cast.officer_a, 200, 1), (cast.officer_b, 404, None)):
        _token, key = ApiToken.issue(user)
        response = client.get(
            f"/api/v1/cases/{driven_case.public_id}/archive/exports", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert response.status_code == status
        if count is not None:
            assert len(response.json()) == count


# --- the case page ---------------------------------------------------------------------------------


def test_the_case_page_shows_the_whole_process_with_documents_files_and_thumbnails(client, cast, driven_case):
    client.force_login(cast.officer_a)
    html = client.get(reverse("cases:detail", args=[driven_case.pk])).content.decode()
    assert "办案全过程记录" in html and reverse("archive:case", args=[driven_case.pk]) in html
    photo = Evidence.objects.get(case=driven_case, kind="photo")
    assert reverse("evidence:thumbnail", args=[photo.public_id]) in html
    assert "立案审批表" in html and "行政处罚决定书" in html and "已被更正" in html
    assert "现场检查笔录" in html and "张明" in html  # who made the record
    assert client.get(reverse("evidence:thumbnail", args=[photo.public_id])).status_code == 200


# --- the CLI ---------------------------------------------------------------------------------------


def test_the_cli_exports_by_case_number_and_the_file_verifies(cast, driven_case, tmp_path):
    out = tmp_path / "卷宗.zip"
    stdout = io.StringIO()
    call_command(
        "archive",
        "export",
        driven_case.number,
        "--user",
        cast.chief_a.username,
        "--out",
        str(out),
        stdout=stdout,
    )
    assert stdout.getvalue().startswith(f"已导出 {out}")
    assert verify_archive(out).ok
    assert Export.objects.get().channel == "cli"


def test_the_cli_refuses_an_unknown_case_or_user_in_chinese(cast, driven_case, tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("archive", "export", "河市监立〔2099〕999号", "--user", cast.chief_a.username)
    assert raised.value.returncode == 2 and "案件“河市监立〔2099〕999号”不存在或您无权查看" in str(
        raised.value
    )
    with pytest.raises(CommandError) as raised:
        call_command("archive", "export", driven_case.number, "--user", cast.officer_b.username)
    assert raised.value.returncode == 2 and "不存在或您无权查看" in str(raised.value)
    with pytest.raises(CommandError) as raised:
        call_command("archive", "export", driven_case.number, "--user", "ghost")
    assert raised.value.returncode == 2 and "用户“ghost”不存在" in str(raised.value)
    assert not Export.objects.exists()


def test_seed_demo_does_nothing_without_a_closed_case_and_never_twice(cast, driven_case):
    from sanxiang.archive.demo import seed_demo

    out = io.StringIO()
    assert seed_demo(out) is None and "未找到已结案的演示案件" in out.getvalue()
    export_bytes(services.export_case(cast.chief_a, driven_case))
    out = io.StringIO()
    assert seed_demo(out) is None and "已存在" in out.getvalue()
