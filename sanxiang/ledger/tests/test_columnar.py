"""columnar.range_segments(): the same leaves as the row reader, or None for the row reader to look,
on SQLite and on PostgreSQL.

AUD-03: a fast path must never accept what the row-by-row check would report. Each condition in
columnar.py's docstring has a case here; test_parallel compares whole reports on every tampering.
"""

import datetime as dt
import importlib.util

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from sanxiang.ledger import columnar, parallel, rows
from sanxiang.ledger.services import append
from sanxiang.ledger.verify import verify_ledger

from . import tamper

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite stores time as text")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL timestamp")

WHOLE_SECOND = dt.datetime(2026, 3, 2, 8, 30, 0, tzinfo=dt.UTC)


@pytest.fixture
def entries(shared_database, system_entries):
    """Twelve entries: 0-4 by a system actor, 5-9 by a user, 10 at a whole second (stored without
    a fraction), 11 by the user again."""
    system_entries(5)
    user = get_user_model().objects.create(username="columnar-test")

    def by_user(i: int) -> None:
        with transaction.atomic():
            append("case.transition", subject_type="case", subject_id=f"河市监立〔2026〕{i}号",
                   payload={"n": i, "note": "现场检查"}, actor=user)  # fmt: skip

    for i in range(5, 10):
        by_user(i)
    with time_machine.travel(WHOLE_SECOND, tick=False):
        by_user(10)
    by_user(11)


def by_rows(lo, hi, chunk_size):
    return list(rows.segments(chunk_size, lo, hi, start=lo or 0))


def by_columns(lo, hi, chunk_size):
    connection.close()  # never both copies of SQLite on the file at once (parallel.start_pool)
    return columnar.range_segments(lo, hi, chunk_size)


def attack(step, *args) -> None:
    with transaction.atomic():
        step(*args)


def test_a_clean_range_gives_what_the_row_reader_gives(entries):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute('SELECT length(created_at) FROM ledger_entry WHERE "index" = 10')
            assert cursor.fetchone() == (19,)  # the form Django writes for a whole second
    assert columnar.usable()
    for lo, hi, chunk_size in [(None, 12, 4), (4, 8, 2), (8, 12, 3), (None, 12, 16), (10, 11, 1)]:
        fast = by_columns(lo, hi, chunk_size)
        assert fast is not None
        assert fast == by_rows(lo, hi, chunk_size)
        assert all(part[0] == "leaves" for part in fast)


@pytest.mark.parametrize(
    "step, args",
    [
        (tamper.edit_payload, (3,)),  # the stored hash no longer matches
        (tamper.edit_field, (7, "kind", "case.forged")),
        (tamper.edit_field, (7, "leaf_hash", "AB" * 32)),  # not how the hash is spelled
        (tamper.edit_field, (7, "leaf_hash", "ab" * 31)),  # too short: hashes would shift
        (tamper.edit_field, (7, "actor_label", "system:forged")),  # a user and a label
        (tamper.edit_field, (7, "created_at", "2026-03-02T08:30:00.000000Z")),  # not Django's form
        (tamper.edit_field, (7, "created_at", "2026-03-02 08:30:00.0000")),
        pytest.param(
            tamper.edit_field, (7, "created_at", "2026-03-02 08:30:00.00000é"), marks=sqlite_only
        ),  # 26 characters, not 26 bytes
        pytest.param(tamper.edit_field, (7, "created_at", "10000-01-01 00:00:00+00"), marks=postgres_only),
        pytest.param(tamper.edit_field, (7, "created_at", "0999-12-31 23:59:59+00"), marks=postgres_only),
        (tamper.edit_field, (7, "subject_id", 12345)),  # a number where text belongs
        (tamper.delete, (5,)),
        (tamper.delete, (11,)),  # the range ends early
        (tamper.swap, (2, 3)),
        (tamper.sql, ('UPDATE ledger_entry SET "index" = -5 WHERE "index" = 0',)),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_anything_the_row_reader_would_look_at_makes_it_give_up(entries, step, args):
    attack(step, *args)
    assert by_columns(None, 12, 4) is None


def test_text_that_json_escapes_is_left_to_the_row_reader(entries):
    for i, subject in [(2, 'a"b'), (3, "a\\b"), (4, "a\tb")]:
        attack(tamper.edit_field, i, "subject_id", subject)
    attack(tamper.rewrite_hashes)  # the entries are now what they say: the row reader accepts them
    assert by_columns(None, 12, 4) is None
    assert [part[0] for part in by_rows(None, 12, 4)] == ["leaves"] * 3
    assert verify_ledger(workers=1).ok


def test_without_arrow_installed_it_is_not_used(entries, monkeypatch):
    assert columnar.usable()
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "pyarrow" else find_spec(name)
    )
    assert not columnar.usable()
    assert parallel.start_pool(1, 0, columnar.usable()) is None  # one reading process: this one
    assert verify_ledger(workers=1, parallel_threshold=0).ok


def test_it_is_not_used_in_a_transaction_or_on_an_in_memory_database(entries, settings):
    with transaction.atomic():
        assert not columnar.usable()  # uncommitted entries are invisible to another connection
    assert columnar.usable()
    if connection.vendor != "sqlite":
        return
    connection.close()
    settings.DATABASES["default"]["NAME"] = ":memory:"
    connection.settings_dict["NAME"] = ":memory:"
    assert not columnar.usable()


def test_a_worker_reads_a_clean_ledger_by_columns_only(entries, monkeypatch):
    def no_ranges_by_rows(chunk_size, lo=None, hi=None, *, start=0):
        if hi is not None:  # a worker's range; the parent still reads what lies beyond the head
            raise DatabaseError("read by rows")
        yield from rows.segments(chunk_size, lo, hi, start=start)

    monkeypatch.setattr(parallel, "segments", no_ranges_by_rows)  # in the worker, forked after this
    report = verify_ledger(workers=1, parallel_threshold=0, chunk_size=4)
    assert report.ok, report.problems
    assert (report.workers, report.entries) == (1, 12)
    attack(tamper.edit_payload, 3)  # now the worker falls back to rows for the range, and fails
    assert verify_ledger(workers=1, parallel_threshold=0, chunk_size=4).first_problem.code == "unreadable"
