"""Test support for projects that use the ledger on PostgreSQL.

The ledger's triggers refuse TRUNCATE of a non-empty ledger table, and Django flushes the test
database with TRUNCATE after every `transaction=True` test. This fixture lets the *test* database
(only) be flushed. Use it from the root conftest.py:

    from sanxiang.ledger.testing import django_db_setup  # noqa: F401
"""

from __future__ import annotations

import pytest
from django.db import connection


def allow_truncate_in_test_database() -> None:
    """Let the current (test) database be flushed; UPDATE and DELETE stay refused."""
    if connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {name} SET sanxiang.ledger_allow_truncate = 'on'")
        cursor.execute("SET sanxiang.ledger_allow_truncate = 'on'")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, flushable despite the ledger's TRUNCATE trigger."""
    with django_db_blocker.unblock():
        allow_truncate_in_test_database()
