"""The staff UI's uploads: the hashing form upload, the page's chunk endpoints (with CSRF), copies."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sanxiang.evidence.models import Evidence

from .conftest import jpeg, mp4, sha256, sm3, temp_files

pytestmark = pytest.mark.django_db


def test_a_small_file_goes_through_the_form_hashed_while_it_arrives(client, cast, new_case, evidence_dirs):
    case = new_case()
    client.force_login(cast.officer_a)
    data = mp4(150_000)
    response = client.post(
        reverse("evidence:upload", args=[case.pk]),
        {
            "step": "field",
            "place": "河津市城区",
            "file": SimpleUploadedFile("../../现场.mp4", data, "video/mp4"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    evidence = Evidence.objects.get()
    assert (evidence.sha256, evidence.sm3, evidence.name) == (sha256(data), sm3(data), "现场.mp4")
    assert evidence.recorded_by == cast.officers_a[0]  # defaults to the uploader's officer record
    assert temp_files(evidence_dirs) == []


def test_a_form_upload_over_the_limit_is_413_and_keeps_nothing(
    client, cast, new_case, settings, evidence_dirs
):
    settings.SANXIANG_EVIDENCE_FORM_MAX_BYTES = 50_000
    case = new_case()
    client.force_login(cast.officer_a)
    response = client.post(
        reverse("evidence:upload", args=[case.pk]),
        {"step": "field", "file": SimpleUploadedFile("a.mp4", mp4(200_000))},
    )
    assert response.status_code == 413 and "分片上传" in response.content.decode()
    assert not Evidence.objects.exists() and temp_files(evidence_dirs) == []


def test_a_renamed_script_is_refused_through_the_form(client, cast, new_case):
    client.force_login(cast.officer_a)
    html = b"<html><script>alert(1)</script></html>"
    response = client.post(
        reverse("evidence:upload", args=[new_case().pk]),
        {"step": "field", "file": SimpleUploadedFile("x.jpg", html)},
    )
    assert response.status_code == 415 and not Evidence.objects.exists()


def test_the_pages_uploader_speaks_the_protocol_with_the_session_and_csrf_header(cast, new_case):
    case = new_case()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.officer_a)
    browser.get(reverse("evidence:case", args=[case.pk]))
    token = browser.cookies["csrftoken"].value
    data = mp4(300_000)
    payload = json.dumps(
        {"case": str(case.public_id), "step": "field", "filename": "大文件.mp4", "size": len(data)}
    )
    url = reverse("evidence:upload_create")
    assert browser.post(url, payload, content_type="application/json").status_code == 403  # no CSRF header
    created = browser.post(url, payload, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert created.status_code == 201
    session = reverse("evidence:upload_session", args=[created.json()["id"]])
    for offset in (0, 200_000):
        part = data[offset : offset + 200_000]
        answer = browser.generic(
            "PATCH",
            session,
            part,
            "application/offset+octet-stream",
            HTTP_UPLOAD_OFFSET=str(offset),
            HTTP_X_CSRFTOKEN=token,
        )
        assert answer.status_code == 200, answer.content
    stale = browser.generic(
        "PATCH",
        session,
        data[:10],
        "application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET="0",
        HTTP_X_CSRFTOKEN=token,
    )
    assert stale.status_code == 409 and stale.json()["error"]["offset"] == len(data)
    assert browser.get(session).json()["offset"] == len(data)
    done = browser.post(
        reverse("evidence:upload_complete", args=[created.json()["id"]]), HTTP_X_CSRFTOKEN=token
    )
    assert done.status_code == 201 and done.json()["sm3"] == sm3(data)


def test_a_copy_is_uploaded_from_the_detail_page(client, cast, api, new_case):
    original = api.upload(new_case(), jpeg(), name="原图.jpg").json()
    client.force_login(cast.officer_a)
    response = client.post(
        reverse("evidence:derive", args=[original["id"]]),
        {"note": "遮挡车牌", "file": SimpleUploadedFile("打码.jpg", jpeg(320, 240))},
    )
    assert response.status_code == 302
    copy = Evidence.objects.get(derived_from__public_id=original["id"])
    assert copy.derivation == "遮挡车牌"
    assert "遮挡车牌" in client.get(reverse("evidence:detail", args=[original["id"]])).content.decode()


def test_the_form_records_device_officer_and_times_from_the_pickers(client, cast, new_case):
    from django.utils import timezone

    from sanxiang.evidence.models import Device

    case = new_case()
    device = Device.objects.create(
        body=cast.body_a, number="JL-001", kind="recorder", assigned_officer=cast.officers_a[1]
    )
    client.force_login(cast.officer_a)
    start = (timezone.localtime() - timezone.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "step": "field",
        "device": str(device.public_id),
        "recorded_by": str(cast.officers_a[1].public_id),
        "recorded_start": start,
        "recorded_end": end,
        "file": SimpleUploadedFile("a.mp4", mp4(20_000)),
    }
    page = client.get(reverse("evidence:case", args=[case.pk])).content.decode()
    assert str(device.public_id) in page and str(cast.officers_a[1].public_id) in page
    assert client.post(reverse("evidence:upload", args=[case.pk]), form).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.device, evidence.recorded_by) == (device, cast.officers_a[1])
    assert timezone.localtime(evidence.recorded_end).strftime("%Y-%m-%dT%H:%M") == end
    foreign = Device.objects.create(body=cast.body_b, number="JL-B", kind="recorder")
    form.update(device=str(foreign.public_id), file=SimpleUploadedFile("b.mp4", mp4(20_000)))
    assert client.post(reverse("evidence:upload", args=[case.pk]), form).status_code == 400
