import datetime

import pytest
from django.utils import timezone

from sanxiang.cases import services
from sanxiang.testing import factories as f


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def new_case(cast):
    """A factory: register a clue in body A with cast.officer_a and cast.officer_a2 assigned."""

    def make(parties=None, days_ago=40, **extra):
        today = timezone.localdate()
        data = f.case_data(
            cast.body_a,
            cast.officers_a,
            registered_on=today - datetime.timedelta(days=days_ago),
            discovered_on=today - datetime.timedelta(days=days_ago),
            violation_ended_on=today - datetime.timedelta(days=days_ago + 5),
        )
        data.update(extra)
        return services.register_case(cast.officer_a, cast.body_a, data, parties or [f.natural_party()])

    return make


from sanxiang.evidence.testing import evidence_storage  # noqa: E402,F401  (fixture for tests attaching AV records)
