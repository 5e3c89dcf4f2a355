import datetime

import pytest

from sanxiang.cases import services as case_services
from sanxiang.cases.tests.conftest import new_case, today  # noqa: F401
from sanxiang.review import testing
from sanxiang.testing import flow


@pytest.fixture(autouse=True)
def _review_urls(settings):
    """Mount the review pages and API the way the lead will (docs/review.md), whether or not done yet."""
    settings.ROOT_URLCONF = "sanxiang.review.tests.urls"


@pytest.fixture(autouse=True)
def _fast_documents(settings, tmp_path, monkeypatch):
    """Steps issue documents when the documents app is installed: keep its files private, its PDFs stubbed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    try:
        from sanxiang.documents import rendering
    except ImportError:
        return
    stub = rendering.Rendered(b"PK\x03\x04 review test stub", b"%PDF-1.4\n% review test stub\n")
    monkeypatch.setattr(rendering, "render", lambda kind, context, template: stub)


@pytest.fixture
def reviewer(cast):
    """cast.reviewer_a with an Officer record holding the legal qualification (REV-02)."""
    testing.qualify(cast.reviewer_a, cast.body_a)
    return cast.reviewer_a


@pytest.fixture
def day():
    return datetime.date.today() - datetime.timedelta(days=20)


@pytest.fixture
def major_case(cast, new_case, day):  # noqa: F811
    """A factory: a case of body A at the notice stage, statement waived, ready for a decision."""

    def make(fine="50000", kinds=("warning", "fine"), parties=None, waive=True):
        case = new_case(parties=parties, days_ago=30)
        flow.to_notice(cast, case, day, fine_amount=fine, penalty_kinds=list(kinds))
        if waive:
            case_services.run_transition(
                cast.officer_a, case.pk, "waive_statement", {"date": day.isoformat()}
            )
        case.refresh_from_db()
        return case

    return make


def decide(cast, case, day, actor=None, **extra):
    """flow.decide with the proposed penalties (the decision input must match the notice)."""
    kinds = [p["kind"] for p in case.proposed_penalties]
    data = dict(flow.DECISION_INPUT, date=day.isoformat(), penalty_kinds=kinds)
    fine = next((p["amount"] for p in case.proposed_penalties if p["kind"] == "fine"), "")
    data["fine_amount"] = fine or ""
    data.update(extra)
    return case_services.run_transition(actor or cast.chief_a, case.pk, "decide", data)
