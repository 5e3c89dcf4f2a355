"""PostgreSQL: triggers refuse UPDATE, DELETE and TRUNCATE; parallel appenders stay gap-free."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from sanxiang.ledger.models import Entry, TreeNode
from sanxiang.ledger.services import append, sign_tree_head
from sanxiang.ledger.verify import verify_ledger

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="triggers and row locks are PostgreSQL's"
)

TABLES = ["ledger_entry", "ledger_treehead", "ledger_treenode"]


def refused(statement: str, params=()) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_raw_sql_cannot_update_delete_or_truncate(table, system_entries, monkeypatch):
    monkeypatch.setattr(TreeNode, "MIN_LEVEL", 2)
    system_entries(4)
    sign_tree_head()
    assert TreeNode.objects.exists()
    assert "append-only" in refused(f"UPDATE {table} SET id = id WHERE id > 0")  # noqa: S608 - fixed table names
    assert "只允许追加" in refused(f"DELETE FROM {table}")  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        # The test database allows TRUNCATE so that it can be flushed; production does not.
        cursor.execute("SET LOCAL sanxiang.ledger_allow_truncate = 'off'")
        assert "TRUNCATE" in refused(f"TRUNCATE {table} CASCADE")


@pytest.mark.django_db
def test_the_truncate_escape_hatch_never_opens_update_or_delete(system_entries):
    system_entries(1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL sanxiang.ledger_allow_truncate = 'on'")
        refused("UPDATE ledger_entry SET payload = '{}'")
        refused("DELETE FROM ledger_entry")
    assert Entry.objects.count() == 1


@pytest.mark.django_db
def test_truncating_an_empty_table_is_harmless_and_allowed():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL sanxiang.ledger_allow_truncate = 'off'")
        cursor.execute("TRUNCATE ledger_entry CASCADE")


@pytest.mark.django_db(transaction=True)
def test_parallel_appenders_get_every_index_exactly_once():
    errors: list[Exception] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    append(
                        "case.transition",
                        subject_type="case",
                        subject_id=f"{n}-{i}",
                        payload={"worker": n, "i": i},
                        actor_label="system:concurrency-test",
                    )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert list(Entry.objects.order_by("index").values_list("index", flat=True)) == list(range(80))
    sign_tree_head()
    report = verify_ledger()
    assert report.ok, report.problems
