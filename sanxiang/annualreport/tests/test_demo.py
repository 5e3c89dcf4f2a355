"""seed_demo on the small demo city: most 2025 reports published on time, one overdue, the city's approved."""

import datetime
import io

import pytest

from sanxiang.annualreport import selectors
from sanxiang.annualreport.choices import ReportStatus
from sanxiang.annualreport.demo import LATE_BODY, YEAR, seed_demo
from sanxiang.annualreport.models import AnnualReport
from sanxiang.demo import data
from sanxiang.demo.tests.conftest import demo  # noqa: F401 (module fixture)
from sanxiang.orgs.models import EnforcementBody

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(datetime.date.today().year <= YEAR, reason="the demo's report year must be closed")
def test_the_demo_city_gets_its_reports_once(demo):  # noqa: F811
    out = io.StringIO()
    seed_demo(out)
    late = EnforcementBody.objects.get(name=next(s.name for s in data.BODIES if s.key == LATE_BODY))
    reports = AnnualReport.objects.filter(year=YEAR)
    bodies = [s for s in data.BODIES if not s.is_justice_bureau]
    assert reports.filter(status=ReportStatus.PUBLISHED).count() == len(bodies) - 1
    assert reports.get(body=late).status == ReportStatus.DRAFT
    assert reports.get(body__isnull=True).status == ReportStatus.APPROVED
    assert selectors.report_published_on_time(late, YEAR) is False
    on_time = [r for r in reports.filter(status=ReportStatus.PUBLISHED) if r.published_on <= r.due_on]
    assert len(on_time) == len(bodies) - 1
    city = reports.get(body__isnull=True)
    assert city.manual["permit_applications"] == sum(
        r.manual["permit_applications"] for r in reports if r.body_id
    )
    before = list(reports.values_list("pk", "status", "updated_at"))
    seed_demo(io.StringIO())
    assert list(reports.values_list("pk", "status", "updated_at")) == before
