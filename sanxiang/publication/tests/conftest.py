import datetime

import pytest
from django.utils import timezone

from sanxiang.cases import services as case_services
from sanxiang.cases.tests.conftest import new_case  # noqa: F401
from sanxiang.orgs.choices import Role
from sanxiang.testing import factories as f
from sanxiang.testing import flow


@pytest.fixture
def discloser(cast):
    """Disclosure staff of body A (DISCLOSURE_MANAGE)."""
    return f.make_user("a.disclose", Role.DISCLOSURE_STAFF, body=cast.body_a)


@pytest.fixture
def discloser_b(cast):
    return f.make_user("b.disclose", Role.DISCLOSURE_STAFF, body=cast.body_b)


@pytest.fixture
def day():
    return timezone.localdate() - datetime.timedelta(days=3)


@pytest.fixture
def decided(cast, new_case, day):  # noqa: F811
    """A factory: a case of body A decided on `on` (default: 3 days ago) through the real procedure."""

    def make(parties=None, on=None, facts=None, **decision):
        on = on or day
        extra = {"facts": facts} if facts else {}
        case = new_case(parties=parties, days_ago=(timezone.localdate() - on).days + 30, **extra)
        flow.to_notice(cast, case, on)
        case_services.run_transition(cast.officer_a, case.pk, "waive_statement", {"date": on.isoformat()})
        return flow.decide(cast, case, on, **decision)

    return make


def publication_of(case):
    from sanxiang.publication.models import Publication

    return Publication.objects.get(case=case, kind__in=["penalty", "no_penalty"])


@pytest.fixture
def publish(cast, discloser):
    """Submit and approve a record (the engine's draft as it stands)."""
    from sanxiang.publication import services

    def run(publication):
        services.submit(discloser, publication.pk)
        return services.approve(cast.chief_a, publication.pk, "同意")

    return run


def bearer(user) -> dict:
    from sanxiang.api.models import ApiToken

    _row, token = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
