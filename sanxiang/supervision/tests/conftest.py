import datetime

import pytest
from django.utils import timezone

from sanxiang.cases.tests.conftest import new_case, today  # noqa: F401
from sanxiang.evidence.testing import evidence_storage  # noqa: F401
from sanxiang.supervision import registry
from sanxiang.supervision.registry import Period


@pytest.fixture(autouse=True)
def _fresh_registry():
    registry.reset()
    yield
    registry.reset()


@pytest.fixture
def period():
    """The rolling year ending today."""
    return Period.rolling_year(timezone.localdate())


@pytest.fixture
def day():
    return timezone.localdate() - datetime.timedelta(days=20)


def measure(code: str, period: Period, body):
    indicator = registry.get(code)
    return indicator.compute(period, [body.pk]).get(body.pk)


def values(code: str, period: Period, *bodies):
    indicator = registry.get(code)
    found = indicator.compute(period, [b.pk for b in bodies])
    return [found.get(b.pk) for b in bodies]
