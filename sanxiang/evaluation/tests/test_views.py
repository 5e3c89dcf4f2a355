"""Pages four ways (anonymous, no grant, grant, grant in another body), the report, the portal articles."""

import io

import pytest
from pypdf import PdfReader

from sanxiang.evaluation import services
from sanxiang.evaluation.models import SampledFile

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("nobody", 404), ("supervisor", 200), ("chief_a", 404)]
)
def test_the_plan_page_answers_four_ways(client, cast, drawn, who, expected):
    user = getattr(cast, who) if who else None
    assert _get(client, user, f"/evaluation/plans/{drawn.pk}/").status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("nobody", 404), ("officer_b", 200), ("officer_a", 404)]
)
def test_the_score_sheet_shows_the_case_file_to_an_assigned_evaluator_of_another_body(
    client, cast, drawn, who, expected
):
    sample = SampledFile.objects.filter(plan=drawn, body=cast.body_a).first()
    user = getattr(cast, who) if who else None
    response = _get(client, user, f"/evaluation/samples/{sample.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert sample.case.cause in response.content.decode() and "评分表" in response.content.decode()


def test_an_evaluator_scores_through_the_page(client, cast, drawn):
    sample = SampledFile.objects.filter(plan=drawn, body=cast.body_a).first()
    item = drawn.rubric.items.get(code="filling")
    client.force_login(cast.officer_b)
    response = client.post(f"/evaluation/samples/{sample.pk}/", {f"defects_{item.pk}": "3", "submit": "1"})
    assert response.status_code == 302
    sample.evaluation.refresh_from_db()
    assert sample.evaluation.total == 97 and sample.evaluation.status == "submitted"


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("nobody", 404), ("chief_a", 200), ("chief_b", 404)]
)
def test_the_notice_page_answers_four_ways(client, cast, who, expected):
    notice = services.create_notice(
        cast.supervisor,
        {"kind": "rectification", "body": cast.body_a.pk, "title": "整改通知", "text": "正文", "items": "一"},
    )
    services.issue_notice(cast.supervisor, notice)
    user = getattr(cast, who) if who else None
    assert _get(client, user, f"/evaluation/notices/{notice.pk}/").status_code == expected


def test_the_coverage_page_lists_bodies_not_evaluated_this_year(client, cast, drawn):
    sample = SampledFile.objects.filter(plan=drawn, body=cast.body_a).first()
    services.save_evaluation(cast.officer_b, sample, {}, submit=True)
    client.force_login(cast.supervisor)
    text = client.get("/evaluation/coverage/?year=2026").content.decode()
    assert cast.body_b.name in text and cast.body_a.name not in text.split("<ul>")[-1]
    assert client.get("/evaluation/coverage/").status_code == 200
    client.force_login(cast.chief_a)
    assert client.get("/evaluation/coverage/").status_code == 403


def test_the_report_is_a_docx_and_a_pdf_with_chinese_text(client, cast, drawn):
    sample = SampledFile.objects.filter(plan=drawn, body=cast.body_a).first()
    item = drawn.rubric.items.get(code="service")
    services.save_evaluation(cast.officer_b, sample, {f"defects_{item.pk}": "1"}, submit=True)
    client.force_login(cast.supervisor)
    docx = client.get(f"/evaluation/plans/{drawn.pk}/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(f"/evaluation/plans/{drawn.pk}/report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "共性问题" in text and "送达不规范" in text and cast.body_a.name in text


def test_only_published_articles_reach_the_portal(client, cast):
    draft = services.save_article(cast.supervisor, {"title": "草稿经验", "text": "正文"})
    article = services.save_article(
        cast.supervisor, {"title": "典型经验一", "text": "第一段\n第二段<script>"}
    )
    services.set_published(cast.supervisor, article, True)
    listing = client.get("/portal/practices/").content.decode()
    assert "典型经验一" in listing and "草稿经验" not in listing
    page = client.get(f"/portal/practices/{article.public_id}/")
    assert page.status_code == 200 and "&lt;script&gt;" in page.content.decode()
    assert client.get(f"/portal/practices/{draft.public_id}/").status_code == 404
    assert client.get("/portal/practices/not-a-uuid/").status_code == 404
