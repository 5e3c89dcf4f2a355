"""Position boards (岗位信息公示牌): staff maintain windows; the A4 PDF carries Chinese text and QR codes."""

import io

import pytest
from pypdf import PdfReader

from sanxiang.core.errors import Forbidden, InvalidInput, NotFound
from sanxiang.disclosure import services
from sanxiang.ledger.models import Entry
from sanxiang.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.real_rendering]

WINDOW = {
    "name": "食品经营许可窗口",
    "location": "河津市政务服务中心一楼 12 号",
    "duties": "受理食品经营许可申请，一次性告知所需材料。",
    "sample_forms": "食品经营许可申请书（样表）\n授权委托书（样表）",
    "progress_query": "登录山西政务服务网或拨打 0359-5022315 查询",
    "complaint": "12345 政务服务便民热线；河津市司法局",
    "is_active": "on",
}


def window_of(cast, staff):
    worker = f.make_officer(cast.body_a, "王窗口", valid=False, staff_type="worker")
    data = {**WINDOW, "staff": [cast.officers_a[0].pk, worker.pk]}
    return services.save_window(staff.a, cast.body_a.pk, data)


def test_staff_define_a_window_with_officers_of_their_body_only(cast, staff):
    window = window_of(cast, staff)
    assert [s.officer.name for s in window.staff.all()] == ["张明", "王窗口"]
    assert Entry.objects.filter(kind="disclosure.window.created").exists()
    other = f.make_officer(cast.body_b, "外单位")
    with pytest.raises(InvalidInput) as refused:
        services.save_window(staff.a, cast.body_a.pk, {**WINDOW, "name": "二号", "staff": [other.pk]})
    assert "staff" in refused.value.fields
    with pytest.raises(Forbidden):
        services.save_window(cast.supervisor, cast.body_a.pk, {**WINDOW, "staff": [cast.officers_a[0].pk]})
    with pytest.raises(NotFound):
        services.save_window(staff.b, cast.body_a.pk, {**WINDOW, "staff": [cast.officers_a[0].pk]})


def test_the_board_pdf_is_a4_with_the_chinese_text_and_a_qr_code_per_credential_holder(client, cast, staff):
    window = window_of(cast, staff)
    response = client.get(f"/portal/boards/{window.public_id}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    text = "".join(p.extract_text() for p in reader.pages)
    for expected in (
        "岗位信息公示牌",
        "食品经营许可窗口",
        "张明",
        "王窗口",
        "受理食品经营许可申请",
        "授权委托书",
        "12345",
    ):
        assert expected in text, expected
    assert cast.officers_a[0].credentials.get().number in text
    assert len(page.images) == 1  # only the credential holder has a QR code


def test_an_inactive_window_has_no_public_board(client, cast, staff):
    window = window_of(cast, staff)
    data = {**WINDOW, "staff": [cast.officers_a[0].pk]}
    data.pop("is_active")
    services.save_window(staff.a, cast.body_a.pk, data, window_id=window.pk)
    assert client.get(f"/portal/boards/{window.public_id}.pdf").status_code == 404


def test_staff_pages_of_a_window_four_ways(client, cast, staff):
    from sanxiang.cases.tests.views_support import login

    window = window_of(cast, staff)
    urls = [
        f"/disclosure/bodies/{cast.body_a.public_id}/windows/new/",
        f"/disclosure/windows/{window.public_id}/edit/",
    ]
    assert all(client.get(u).status_code == 302 for u in urls)
    for outsider in (cast.nobody, staff.b):
        login(client, outsider)
        assert [client.get(u).status_code for u in urls] == [404, 404]
    login(client, staff.a)
    assert [client.get(u).status_code for u in urls] == [200, 200]
    assert "食品经营许可窗口" in client.get(f"/disclosure/bodies/{cast.body_a.public_id}/").content.decode()
    bad = client.post(urls[1], {"name": ""})
    assert bad.status_code == 400 and "这个字段是必填项。" in bad.content.decode()
    pdf = client.get(f"/disclosure/windows/{window.public_id}/board.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
