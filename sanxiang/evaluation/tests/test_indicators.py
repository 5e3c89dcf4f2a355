"""The indicators this app contributes to supervision: overdue rectification items, complaints on time."""

import datetime

import pytest

from sanxiang.evaluation import services
from sanxiang.evaluation.models import Complaint
from sanxiang.supervision import registry
from sanxiang.supervision.registry import Period

from .test_complaints import complaint_data
from .test_outcomes import ISSUED_ON, notice  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _measure(code, period, body):
    indicator = registry.get(code)
    assert indicator is not None and indicator.source  # discovered from sanxiang/evaluation/indicators.py
    return registry.compute_all(period, [body.pk], [indicator])[code].get(body.pk)


def test_rectification_items_past_their_deadline_count_until_accepted(cast, notice):  # noqa: F811
    first, second = notice.items.all()
    before = Period(ISSUED_ON, first.deadline - datetime.timedelta(days=1))
    after = Period(ISSUED_ON, first.deadline + datetime.timedelta(days=1))
    assert _measure("sup_rectification_overdue", before, cast.body_a).value == 0
    assert _measure("sup_rectification_overdue", after, cast.body_a).value == 2
    assert _measure("sup_rectification_overdue", after, cast.body_b).value is None  # no notice: 无数据
    services.respond(cast.chief_a, first, {"text": "已修订告知书模板"})
    services.verify(cast.supervisor, first, {"accepted": "yes"})
    assert _measure("sup_rectification_overdue", after, cast.body_a).value == 1
    records = registry.get("sup_rectification_overdue").drill(after, cast.body_a.pk)
    assert [r.ok for r in records] == [False] and "第 2 项" in records[0].label


def test_complaints_answered_within_their_period_form_a_share(cast):
    on_time = services.submit_complaint(complaint_data(cast))
    late = services.submit_complaint(complaint_data(cast))
    services.answer(cast.chief_a, on_time, {"answer": "已处理"})
    services.answer(cast.chief_a, late, {"answer": "已处理"})
    Complaint.objects.filter(pk=late.pk).update(answered_on=late.due_on + datetime.timedelta(days=2))
    period = Period(on_time.received_on, on_time.due_on)
    measure = _measure("cmp_on_time", period, cast.body_a)
    assert (measure.numerator, measure.denominator) == (1, 2)
    assert registry.get("cmp_on_time").status(measure) != registry.get("cmp_on_time").status(
        registry.Measure.share(1, 1)
    )
    drilled = registry.get("cmp_on_time").drill(period, cast.body_a.pk)
    assert sorted(r.ok for r in drilled) == [False, True]
    assert all("欧阳" not in r.label + r.detail for r in drilled)  # no complainant data in the drill


def test_a_bodys_scorecard_lists_its_open_rectification_items(client, cast, notice):  # noqa: F811
    from django.urls import reverse

    client.force_login(cast.chief_a)
    page = client.get(reverse("supervision:body", args=[cast.body_a.pk])).content.decode()
    assert "未完成的整改事项" in page and reverse("evaluation:notice", args=[notice.pk]) in page
    first, second = notice.items.all()
    for item in (first, second):
        services.respond(cast.chief_a, item, {"text": "已整改"})
        services.verify(cast.supervisor, item, {"accepted": "yes"})
    page = client.get(reverse("supervision:body", args=[cast.body_a.pk])).content.decode()
    assert reverse("evaluation:notice", args=[notice.pk]) not in page
