"""Staff pages: four-way access, the workbench, a full review through the forms, errors shown in place."""

import pytest
from django.urls import reverse

from sanxiang.cases.tests.views_support import html, login
from sanxiang.review import services
from sanxiang.review.models import Catalogue, Submission
from sanxiang.review.testing import checklist_input, materials_input, qualify

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_round(cast, major_case, day):
    case = major_case()
    qualify(cast.reviewer_a, cast.body_a)
    data = {"date": day, **materials_input(case)}
    return services.submit(cast.officer_a, case.pk, data)


def page_urls(submission) -> list[str]:
    case_id = submission.case_id
    return [
        reverse("review:case", args=[case_id]),
        reverse("review:responsibility", args=[case_id]),
        reverse("review:round", args=[submission.pk]),
        reverse("review:flag", args=[case_id]),
        reverse("review:accept", args=[submission.pk]),
        reverse("review:opinion", args=[submission.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, review_round):
    for url in [*page_urls(review_round), reverse("review:workbench"), reverse("review:statistics")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_users_without_a_grant_or_of_another_body_see_nothing(client, cast, review_round):
    for user in (cast.nobody, cast.officer_b, cast.chief_b):
        login(client, user)
        for url in page_urls(review_round):
            assert client.get(url).status_code == 404, (user, url)
        workbench = client.get(reverse("review:workbench"))
        assert workbench.status_code == 200 and review_round.case.display_number not in html(workbench)
    login(client, cast.nobody)
    assert client.get(reverse("review:statistics")).status_code == 403


def test_the_reviewer_works_through_the_pages(client, cast, review_round, day):
    login(client, cast.reviewer_a)
    for url in page_urls(review_round):
        assert client.get(url).status_code == 200, url
    workbench = html(client.get(reverse("review:workbench")))
    assert review_round.case.display_number in workbench and "待受理" in workbench
    response = client.post(reverse("review:accept", args=[review_round.pk]), {"date": day.isoformat()})
    assert response.status_code == 302
    bad = client.post(
        reverse("review:opinion", args=[review_round.pk]), {"date": day.isoformat(), "opinion": "approve"}
    )
    assert bad.status_code == 400 and "须对“执法主体与人员资格”作出结论" in html(bad)
    opinion = {"date": day.isoformat(), "opinion": "approve", "reasons": "同意", **checklist_input()}
    assert client.post(reverse("review:opinion", args=[review_round.pk]), opinion).status_code == 302
    again = client.post(reverse("review:opinion", args=[review_round.pk]), opinion)
    assert again.status_code == 409 and "不能出具法制审核意见" in html(again)
    page = html(client.get(reverse("review:case", args=[review_round.case_id])))
    assert "可以作出决定" in page and "法制审核意见同意" in page
    assert "法制审核" in html(client.get(reverse("review:responsibility", args=[review_round.case_id])))


def test_write_pages_answer_403_to_those_who_may_only_read(client, cast, review_round):
    login(client, cast.officer_a)
    assert client.get(reverse("review:accept", args=[review_round.pk])).status_code == 403
    assert client.get(reverse("review:opinion", args=[review_round.pk])).status_code == 403
    login(client, cast.supervisor)
    assert client.get(reverse("review:case", args=[review_round.case_id])).status_code == 200
    assert client.get(reverse("review:flag", args=[review_round.case_id])).status_code == 403


def test_the_handling_officer_submits_through_the_form(client, cast, major_case, day):
    case = major_case()
    login(client, cast.officer_a)
    url = reverse("review:submit", args=[case.pk])
    assert "行政处罚决定书代拟稿" in html(client.get(url))
    incomplete = client.post(url, {"date": day.isoformat(), "investigation_report_text": "报告"})
    assert incomplete.status_code == 400 and "缺少证据材料及目录" in html(incomplete)
    done = client.post(url, {"date": day.isoformat(), **materials_input(case)})
    assert done.status_code == 302 and Submission.objects.filter(case=case).count() == 1


def test_catalogue_and_benchmark_pages(client, cast):
    city = Catalogue.objects.get(body__isnull=True)
    login(client, cast.officer_a)
    listing = html(client.get(reverse("review:catalogues")))
    assert "较大数额罚款" in listing and "本机关目录清单未公布" in listing
    assert client.get(reverse("review:catalogue", args=[city.pk])).status_code == 200
    assert client.get(reverse("review:catalogue_new", args=[cast.body_a.pk])).status_code == 403
    login(client, cast.chief_a)
    response = client.post(
        reverse("review:catalogue_new", args=[cast.body_a.pk]), {"title": "河市监目录清单"}
    )
    own = Catalogue.objects.get(body=cast.body_a)
    assert response.status_code == 302 and response["Location"] == reverse("review:catalogue", args=[own.pk])
    item = {"kind": "amount", "title": "较大数额罚款", "penalty_kinds": ["fine"], "threshold_person": "3000"}
    assert client.post(reverse("review:item_add", args=[own.pk]), item).status_code == 302
    assert (
        client.post(reverse("review:in_force", args=[own.pk]), {"effective_from": "2024-01-01"}).status_code
        == 302
    )
    assert client.post(reverse("review:publish", args=[own.pk]), {}).status_code == 302
    assert client.get(reverse("review:catalogue_new_city")).status_code == 403
    assert client.get(reverse("review:catalogue_new", args=[cast.body_b.pk])).status_code == 404
    assert client.get(reverse("review:rules", args=[cast.body_a.pk])).status_code == 200
    violation = {"code": "SP-1", "name": "销售过期食品", "legal_basis": "食品安全法第一百二十四条"}
    assert client.post(reverse("review:benchmark_new", args=[cast.body_a.pk]), violation).status_code == 302
    assert "SP-1" in html(client.get(reverse("review:benchmarks")))
    login(client, cast.chief_b)
    assert client.get(reverse("review:catalogue", args=[own.pk])).status_code == 404
    login(client, cast.supervisor)
    assert client.get(reverse("review:catalogue_new_city")).status_code == 200
    stats = html(client.get(reverse("review:statistics")))
    assert cast.body_a.name in stats and cast.body_b.name in stats


def test_every_step_page_renders_for_the_role_that_takes_the_step(client, cast, review_round, day):
    services.accept(cast.reviewer_a, review_round.pk, {"date": day})
    flag = services.flag_case(
        cast.officer_a, review_round.case_id, {"factor": "complex", "reason": "多个法律关系"}
    )
    services.request_extension(cast.reviewer_a, review_round.pk, {"date": day, "reason": "复杂"})
    opinion = {"date": day, "opinion": "disapprove", "reasons": "证据不足", **checklist_input()}
    services.give_opinion(cast.reviewer_a, review_round.pk, opinion)
    coordination = services.open_coordination(
        cast.officer_a, review_round.pk, {"date": day, "handling_position": "证据充分"}
    )
    violation = services.create_violation_type(
        cast.chief_a, cast.body_a, {"code": "X-1", "name": "违法行为", "legal_basis": "某条"}
    )
    pages = {
        cast.officer_a: [
            reverse("review:request_unflag", args=[flag.pk]),
            reverse("review:submit", args=[review_round.case_id]),
        ],
        cast.reviewer_a: [
            reverse("review:position", args=[coordination.pk]),
            reverse("review:adviser", args=[review_round.pk]),
            reverse("review:extension", args=[review_round.pk]),
            reverse("review:return", args=[review_round.pk]),
        ],
        cast.chief_a: [
            reverse("review:decide_extension", args=[review_round.pk]),
            reverse("review:decide_coordination", args=[coordination.pk]),
            reverse("review:discussion", args=[review_round.case_id]),
            reverse("review:benchmark", args=[violation.pk]),
            reverse("review:benchmark_range", args=[violation.pk]),
            reverse("review:round", args=[review_round.pk]),
            reverse("review:case", args=[review_round.case_id]),
        ],
    }
    services.request_flag_removal(cast.officer_a, flag.pk, {"reason": "不复杂"})
    pages[cast.chief_a].append(reverse("review:decide_unflag", args=[flag.pk]))
    for user, urls in pages.items():
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
    login(client, cast.chief_a)
    round_page = html(client.get(reverse("review:round", args=[review_round.pk])))
    assert "证据充分" in round_page and "协调决定" in round_page and "审批延期" not in round_page
