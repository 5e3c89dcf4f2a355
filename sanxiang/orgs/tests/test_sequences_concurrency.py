"""Case numbers stay unique and gap-free under concurrent writers (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections, transaction

from sanxiang.orgs.services import next_number
from sanxiang.testing import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL feature"),
]


def test_twenty_parallel_writers_get_twenty_distinct_consecutive_numbers():
    body = f.make_body("河津市应急管理局", "河应急")
    results, errors = [], []

    def worker():
        try:
            with transaction.atomic():
                results.append(next_number(body, "case", 2026))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 21))
