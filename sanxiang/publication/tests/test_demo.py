"""seed_demo (run by `sanxiang demo` after the city is built): some published, some due or overdue,
one withdrawn; a second run changes nothing."""

import io
from collections import Counter

import pytest
from django.utils import timezone

from sanxiang.demo.tests.conftest import demo  # noqa: F401  (the small demo city, module-scoped)
from sanxiang.publication import selectors
from sanxiang.publication.choices import PublicationStatus
from sanxiang.publication.demo import seed_demo
from sanxiang.publication.models import Publication

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_published_pending_and_one_withdrawn_decision(demo):  # noqa: F811
    statuses = Counter(Publication.objects.values_list("status", flat=True))
    assert statuses[PublicationStatus.PUBLISHED] > 0
    assert statuses[PublicationStatus.WITHDRAWN] == 1
    assert statuses[PublicationStatus.PENDING] > 0
    withdrawn = Publication.objects.get(status=PublicationStatus.WITHDRAWN)
    assert withdrawn.withdrawal_reason and withdrawn.withdrawal_cause == "revoked"
    assert selectors.search_decisions(timezone.localdate()).count() == statuses[PublicationStatus.PUBLISHED]


def test_seed_demo_a_second_time_changes_nothing(demo):  # noqa: F811
    before = Counter(Publication.objects.values_list("status", flat=True))
    out = io.StringIO()
    assert seed_demo(out)["published"] == 0
    assert "已存在" in out.getvalue()
    assert Counter(Publication.objects.values_list("status", flat=True)) == before
