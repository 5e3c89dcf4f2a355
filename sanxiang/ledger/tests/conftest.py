"""Ledger test fixtures: a throwaway signing key per test, and helpers to play the attacker."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from sanxiang.ledger.testing import django_db_setup  # noqa: F401 - flushable test DB on PostgreSQL


@pytest.fixture(autouse=True)
def ledger_key_path(tmp_path, settings):
    """Every test signs with its own key under tmp_path, never the installation's."""
    path = tmp_path / "keys" / "ledger-ed25519.pem"
    settings.LEDGER_KEY_PATH = path
    return path


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """On SQLite, move the in-memory test database to a file that other processes can open."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    path = tmp_path / "ledger.sqlite3"
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    connection.connection = None  # the next query connects to the file
    connection.settings_dict["NAME"] = str(path)
    yield
    connection.close()
    connection.settings_dict["NAME"] = name
    connection.connection = memory


@pytest.fixture
def system_entries(db):
    """A function appending n entries by a named system actor, each in its own atomic block."""
    from django.db import transaction

    from sanxiang.ledger.services import append

    def make(n: int, start: int = 0, kind: str = "case.transition") -> list:
        entries = []
        for i in range(start, start + n):
            with transaction.atomic():
                entries.append(
                    append(
                        kind,
                        subject_type="case",
                        subject_id=str(i),
                        payload={"n": i, "note": "立案审批通过", "to": "investigating"},
                        actor_label="system:test",
                    )
                )
        return entries

    return make


def raw_sql(sql: str, params=()) -> None:
    """Change the database behind the ORM's back, as an attacker with SQL access would."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
