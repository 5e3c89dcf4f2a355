"""seed_demo on the small demo city: a 2026 campaign in progress and eight weeks of snapshots, once."""

import io

import pytest

from sanxiang.demo.tests.conftest import demo  # noqa: F401 (module fixture)
from sanxiang.supervision.choices import ReportStatus
from sanxiang.supervision.demo import WEEKS, seed_demo
from sanxiang.supervision.models import Campaign, ScoreSnapshot, SnapshotRun

pytestmark = pytest.mark.django_db


def test_the_demo_city_gets_a_campaign_in_progress_and_trends_once(demo):  # noqa: F811
    seed_demo(io.StringIO())  # `sanxiang demo` (the fixture) may already have run it
    campaign = Campaign.objects.get(year=2026)
    statuses = list(campaign.reports.values_list("status", flat=True))
    assert statuses.count(ReportStatus.RETURNED) == 1
    assert statuses.count(ReportStatus.RECORDED) == 2
    assert statuses.count(ReportStatus.SUBMITTED) >= 1
    assert statuses.count(ReportStatus.DRAFT) == 1 and ReportStatus.NOT_STARTED in statuses
    assert SnapshotRun.objects.count() == WEEKS
    assert ScoreSnapshot.objects.filter(body__isnull=True).count() == WEEKS
    before = (SnapshotRun.objects.count(), list(campaign.reports.values_list("status", "updated_at")))
    assert seed_demo(io.StringIO()) == {"campaigns": 0, "submitted": 0, "snapshots": 0}
    assert (SnapshotRun.objects.count(), list(campaign.reports.values_list("status", "updated_at"))) == before
