"""Evaluators from other bodies read exactly the files drawn for their team (issue 6 §3, AUTHZ-02).

Four ways on the normal case, document and evidence pages and downloads: anonymous, no grant, the
evaluator on a sampled file of another body, and the same evaluator on that body's other files.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang.cases.models import Case
from sanxiang.cases.tests.conftest import new_case  # noqa: F401 - fixture
from sanxiang.documents.models import Document
from sanxiang.evaluation import services
from sanxiang.evaluation.models import InspectionPlan
from sanxiang.evidence.models import CustodyEvent, Evidence
from sanxiang.evidence.testing import attach_av
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.testing import flow

from .conftest import plan_data

pytestmark = pytest.mark.django_db


def fresh(user):
    """A new user object, as each request loads one (grants are cached per user object)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def world(cast, new_case):  # noqa: F811 - the imported fixture
    """A's case with a document and an AV file, closed in the period and drawn for team 1 (B's officer
    evaluates A); another case of A that is not drawn, with its own document."""
    sampled = new_case()
    flow.record_inspection(cast, sampled, datetime.date(2025, 5, 20))
    evidence = attach_av(cast.officer_a, sampled, "field")
    Case.objects.filter(pk=sampled.pk).update(state="closed", closed_on=datetime.date(2025, 6, 1))
    other = new_case()
    flow.record_inspection(cast, other, datetime.date(2025, 5, 21))
    other_evidence = attach_av(cast.officer_a, other, "field")
    plan = services.create_plan(cast.supervisor, plan_data(cast))
    team = services.add_team(cast.supervisor, plan, {"name": "第一评查组"})
    services.assign_body(cast.supervisor, team, {"body": cast.body_a.pk})
    services.add_member(cast.supervisor, team, {"user": cast.officer_b.pk})
    services.draw_samples(cast.supervisor, plan, {"seed": "20260501"})
    assert list(plan.samples.values_list("case_id", flat=True)) == [sampled.pk]
    return {
        "plan": plan,
        "case": sampled,
        "document": Document.objects.get(case=sampled),
        "evidence": Evidence.objects.get(pk=evidence.pk),
        "other": other,
        "other_document": Document.objects.get(case=other),
        "other_evidence": Evidence.objects.get(pk=other_evidence.pk),
    }


def read_urls(case, document, evidence) -> list[str]:
    return [
        reverse("cases:detail", args=[case.pk]),
        reverse("documents:case", args=[case.pk]),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:download", args=[document.pk, "pdf"]),
        reverse("evidence:case", args=[case.pk]),
        reverse("evidence:detail", args=[evidence.public_id]),
        reverse("evidence:download", args=[evidence.public_id]),
    ]


def sampled_urls(w) -> list[str]:
    return read_urls(w["case"], w["document"], w["evidence"])


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for url in sampled_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_a_user_without_a_grant_or_a_team_gets_404_on_the_sampled_file(client, cast, world):
    for who in ("nobody", "chief_b"):
        client.force_login(getattr(cast, who))
        for url in sampled_urls(world):
            assert client.get(url).status_code == 404, (who, url)
    assert not CustodyEvent.objects.filter(action="downloaded").exists()


def test_the_evaluator_reads_the_sampled_file_of_another_body_and_each_download_is_recorded(
    client, cast, world
):
    client.force_login(cast.officer_b)
    for url in sampled_urls(world):
        assert client.get(url).status_code == 200, url
    pdf = client.get(reverse("documents:download", args=[world["document"].pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    custody = CustodyEvent.objects.filter(evidence=world["evidence"], action="downloaded")
    assert custody.count() == 1 and custody.get().actor == cast.officer_b


def test_the_evaluator_cannot_change_the_sampled_file(client, cast, world):
    case = world["case"]
    client.force_login(cast.officer_b)
    archive = client.post(reverse("cases:transition", args=[case.pk, "archive"]), {"date": "2026-05-10"})
    assert archive.status_code == 403
    assert client.get(reverse("cases:transition", args=[case.pk, "archive"])).status_code == 403
    upload = client.post(
        reverse("evidence:upload", args=[case.pk]),
        {"step": "field", "file": SimpleUploadedFile("a.mp4", b"\x00\x00\x00\x18ftypisom" + b"0" * 64)},
    )
    assert upload.status_code == 403
    issue = client.post(reverse("documents:issue", args=[case.pk, "inspection_record"]), {})
    assert issue.status_code == 403
    case.refresh_from_db()
    assert case.state == "closed" and Evidence.objects.filter(case=case).count() == 1
    evaluator = fresh(cast.officer_b)
    for action in (perm.CASE_HANDLE, perm.CASE_APPROVE, perm.CASE_DECIDE, perm.CASE_REVIEW):
        assert not access.allowed_on(evaluator, case, action)


def test_the_evaluator_gets_404_on_a_file_of_that_body_that_was_not_drawn(client, cast, world):
    client.force_login(cast.officer_b)
    for url in read_urls(world["other"], world["other_document"], world["other_evidence"]):
        assert client.get(url).status_code == 404, url
    assert not CustodyEvent.objects.filter(action="downloaded").exists()


def test_the_right_ends_when_the_plan_is_closed(client, cast, world):
    InspectionPlan.objects.filter(pk=world["plan"].pk).update(status="closed")
    client.force_login(cast.officer_b)
    for url in sampled_urls(world):
        assert client.get(url).status_code == 404, url


def test_scope_adds_exactly_the_sampled_case_to_the_evaluators_own_rows(cast, world):
    evaluator = fresh(cast.officer_b)
    own = set(
        access.scope(fresh(cast.chief_b), Case.objects.all(), perm.CASE_VIEW).values_list("pk", flat=True)
    )
    visible = set(access.scope(evaluator, Case.objects.all(), perm.CASE_VIEW).values_list("pk", flat=True))
    assert world["case"].pk in visible and world["other"].pk not in visible
    assert visible - {world["case"].pk} <= own
    documents = access.scope(evaluator, Document.objects.all(), perm.CASE_VIEW)
    assert list(documents) == [world["document"]]
    custody = access.scope(evaluator, CustodyEvent.objects.all(), perm.CASE_VIEW)
    assert {c.evidence_id for c in custody} == {world["evidence"].pk}
    assert (
        not access.scope(evaluator, Case.objects.all(), perm.CASE_HANDLE).filter(pk=world["case"].pk).exists()
    )
