"""Staff UI: four ways for every page (anonymous, no grant, grant, other body), downloads, forms."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from sanxiang.documents import services
from sanxiang.documents.choices import DocumentKind as K
from sanxiang.documents.models import Document, Signature
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f
from sanxiang.testing import flow

from .support import current, inspection_input
from .test_signatures import png_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_render", "web")]
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def notice(cast, new_case, today):
    return current(flow.to_notice(cast, new_case(), today), K.PENALTY_NOTICE)


def urls(document: Document) -> list[str]:
    return [
        reverse("documents:case", args=[document.case_id]),
        reverse("documents:issue", args=[document.case_id, "inspection_record"]),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:download", args=[document.pk, "pdf"]),
        reverse("documents:download", args=[document.pk, "docx"]),
        reverse("documents:sign", args=[document.pk]),
        reverse("documents:correct", args=[document.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, notice):
    for url in urls(notice):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["nobody", "officer_b", "chief_b"])
def test_users_without_a_grant_on_the_case_get_the_same_404_as_for_nothing(client, cast, notice, who):
    client.force_login(getattr(cast, who), backend=BACKEND)
    for url in urls(notice):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("documents:sign", args=[notice.pk]), {}).status_code == 404
    missing = Document(pk=notice.pk + 999, case_id=notice.case_id)
    assert client.get(reverse("documents:detail", args=[missing.pk])).status_code == 404


def test_an_unassigned_officer_of_the_same_body_gets_404(client, cast, notice):
    other = f.make_user("a.other", Role.OFFICER, body=cast.body_a)
    f.make_officer(cast.body_a, "钱多", user=other)
    client.force_login(other, backend=BACKEND)
    assert client.get(reverse("documents:detail", args=[notice.pk])).status_code == 404


def test_the_assigned_officer_sees_lists_and_downloads(client, cast, notice):
    client.force_login(cast.officer_a, backend=BACKEND)
    for url in urls(notice)[:3] + urls(notice)[5:]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("documents:case", args=[notice.case_id])).content.decode()
    assert "行政处罚告知书" in page and notice.number in page and "调查取证" in page
    response = client.get(reverse("documents:download", args=[notice.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment; filename=")
        and f"filename*=UTF-8''{quote('行政处罚告知书')}" in disposition
    )
    assert response.content == services.document_file(cast.officer_a, notice, "pdf")[1]


def test_a_supervisor_reads_but_may_not_sign_or_correct(client, cast, notice):
    client.force_login(cast.supervisor, backend=BACKEND)
    assert client.get(reverse("documents:download", args=[notice.pk, "docx"])).status_code == 200
    assert client.get(reverse("documents:sign", args=[notice.pk])).status_code == 403
    assert client.get(reverse("documents:correct", args=[notice.pk])).status_code == 403
    assert (
        client.get(reverse("documents:issue", args=[notice.case_id, "inspection_record"])).status_code == 403
    )


def test_issuing_a_record_through_the_form(client, cast, notice, today):
    client.force_login(cast.officer_a, backend=BACKEND)
    url = reverse("documents:issue", args=[notice.case_id, "inspection_record"])
    bad = dict(inspection_input(cast, today), credential_shown="", inspectors=[cast.officers_a[0].pk])
    response = client.post(url, bad)
    page = response.content.decode()
    assert response.status_code == 400 and "CASE-02" in page and "CASE-01" in page
    response = client.post(url, inspection_input(cast, today))
    record = Document.objects.get(kind=K.INSPECTION_RECORD)
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:detail", args=[record.pk]
    )
    assert (
        client.get(reverse("documents:issue", args=[notice.case_id, "penalty_decision"])).status_code == 404
    )


def test_signing_and_correcting_through_the_forms(client, cast, notice):
    client.force_login(cast.officer_a, backend=BACKEND)
    url = reverse("documents:sign", args=[notice.pk])
    response = client.post(url, {"role": "recipient", "outcome": "refused", "signer_name": "王某某"})
    assert response.status_code == 400 and "见证人" in response.content.decode()
    response = client.post(
        url, {"role": "recipient", "outcome": "signed", "signer_name": "王某某", "scan": png_scan()}
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert client.get(reverse("documents:scan", args=[signature.pk])).status_code == 200

    url = reverse("documents:correct", args=[notice.pk])
    assert "违法事实" in client.get(url).content.decode()
    response = client.post(url, {"reason": "", "field-facts": "新的事实"})
    assert response.status_code == 400 and "更正理由" in response.content.decode()
    response = client.post(url, {"reason": "笔误", "field-facts": "新的事实"})
    new = Document.objects.get(corrects=notice)
    assert response.status_code == 302 and new.context["facts"] == "新的事实"


def test_a_tampered_file_answers_409_in_the_browser(client, cast, notice):
    from django.core.files.storage import default_storage

    from sanxiang.documents import blobs

    blobs.flush()
    with open(default_storage.path(notice.pdf_name), "ab") as handle:
        handle.write(b"x")
    client.force_login(cast.officer_a, backend=BACKEND)
    response = client.get(reverse("documents:download", args=[notice.pk, "pdf"]))
    assert response.status_code == 409 and "文件校验失败" in response.content.decode()


def test_the_default_template_can_be_downloaded_to_edit(client, cast):
    client.force_login(cast.officer_a, backend=BACKEND)
    response = client.get(reverse("documents:default_template", args=["penalty_decision"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(reverse("documents:default_template", args=["nonsense"])).status_code == 404


def test_the_document_list_runs_a_constant_number_of_queries(client, cast, notice, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.officer_a, backend=BACKEND)
    url = reverse("documents:case", args=[notice.case_id])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        record = services.issue_document(
            cast.officer_a, notice.case, "inspection_record", inspection_input(cast, today)
        )
        services.sign_document(
            cast.officer_a,
            record,
            {"role": "party", "outcome": "refused", "signer_name": "王某某", "witness_name": "李某"},
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
