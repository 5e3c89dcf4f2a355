"""Verification in several processes (parallel.py) gives exactly the single-process report.

Worker processes need a database they can open: these tests commit (transaction=True), and on
SQLite the in-memory test database is copied to a file for the test's duration.
"""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, transaction

from sanxiang.ledger import columnar, merkle, parallel, verify
from sanxiang.ledger.models import TreeNode
from sanxiang.ledger.services import append, sign_tree_head
from sanxiang.ledger.verify import verify_ledger

from . import tamper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ledger(shared_database, system_entries):
    """Twenty entries, signed at sizes 4, 13 and 20."""
    system_entries(4)
    sign_tree_head()
    system_entries(9, start=4)
    sign_tree_head()
    system_entries(7, start=13)
    sign_tree_head()


def attack(step, *args) -> None:
    """Tamper in one transaction (on PostgreSQL the triggers are switched off for it only)."""
    with transaction.atomic():
        step(*args)


def serial():
    report = verify_ledger(workers=1, chunk_size=2)
    assert report.workers == 1
    return report


def in_parallel():
    """Two workers, ranges of two entries: every boundary case is a range boundary somewhere."""
    report = verify_ledger(workers=2, parallel_threshold=0, chunk_size=2)
    assert report.workers == 2
    return report


def one_worker():
    """One reading process: on SQLite a worker with the columnar reader (never in this process,
    see parallel.start_pool); on PostgreSQL the single-process pass."""
    report = verify_ledger(workers=1, parallel_threshold=0, chunk_size=2)
    assert report.workers == 1
    return report


def test_a_clean_ledger_gives_the_same_report(ledger):
    report = in_parallel()
    assert report.ok, report.problems
    assert report == serial() == one_worker()
    assert (report.entries, report.tree_heads) == (20, 3)


def test_a_clean_chunk_of_two_to_the_k_entries_comes_with_its_subtree(monkeypatch):
    monkeypatch.setattr(TreeNode, "MIN_LEVEL", 2)
    leaves = [merkle.hash_leaf(bytes([i])) for i in range(16)]
    packed = b"".join(leaves[8:])
    [part] = parallel.with_blocks([("leaves", 8, packed)])
    expected_nodes = []
    builder = merkle.TreeBuilder(node_sink=lambda *node: expected_nodes.append(node), sink_min_level=2)
    builder.extend(leaves)
    level, root, nodes = part[3]
    assert (level, root) == (3, merkle.root(leaves[8:]))
    assert nodes == [node for node in expected_nodes if node[1] << node[0] >= 8 and node[0] <= 3]
    # Not a power of two, or not aligned: no subtree, the caller grows its tree leaf by leaf.
    assert [len(p) for p in parallel.with_blocks([("leaves", 4, packed), ("leaves", 8, packed[:-32])])] == [
        3,
        3,
    ]


def test_a_subtree_is_appended_only_where_it_fits():
    tree = merkle.TreeBuilder()
    tree.extend([merkle.hash_leaf(b"a")] * 2)
    with pytest.raises(ValueError, match="cannot follow 2 leaves"):
        tree.push_block(merkle.hash_leaf(b"b"), 2)
    tree.push_block(merkle.hash_leaf(b"b"), 1)
    assert tree.size == 4


def test_no_worker_is_given_more_than_max_range_entries_at_once(ledger, monkeypatch):
    pieces = []
    split = parallel.split
    monkeypatch.setattr(parallel, "split", lambda bound, n, align: pieces.append(n) or split(bound, n, align))
    monkeypatch.setattr(parallel, "MAX_RANGE_ENTRIES", 2)
    assert in_parallel().ok
    assert pieces == [10]  # 20 entries, not the 2 x TASKS_PER_WORKER = 8 ranges of the default


def test_it_splits_the_range_at_multiples_of_the_chunk_size():
    assert parallel.split(20, 8, 2) == [(None, 4), (4, 8), (8, 12), (12, 16), (16, 20)]
    assert parallel.split(1_000_000, 8, 8192) == [
        (None, 131072),
        *((lo, lo + 131072) for lo in range(131072, 917504, 131072)),
        (917504, 1_000_000),
    ]
    assert parallel.split(0, 8, 2) == []


@pytest.mark.parametrize(
    "step, args",
    [
        (tamper.edit_payload, (6,)),
        (tamper.edit_payload, (0,)),
        (tamper.edit_field, (19, "kind", "case.forged")),
        (tamper.delete, (0,)),
        (tamper.delete, (4,)),  # the first entry of a range
        (tamper.delete, (7,)),  # the last entry of a range
        (tamper.delete, (19,)),
        (tamper.swap, (3, 4)),  # across a range boundary
        (tamper.swap, (2, 17)),
        (tamper.truncate_from, (8,)),
        (tamper.truncate_from, (0,)),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_tampered_ledger_gives_the_same_report(ledger, step, args):
    attack(step, *args)
    report = in_parallel()
    assert not report.ok
    assert report == serial() == one_worker()


def test_rows_beyond_the_head_and_below_zero_give_the_same_report(ledger):
    copy = (
        'INSERT INTO ledger_entry ("index", kind, subject_type, subject_id, actor_label, created_at, payload, '
        "leaf_hash) SELECT %s, kind, subject_type, subject_id, actor_label, created_at, payload, leaf_hash "
        'FROM ledger_entry WHERE "index" = 9'
    )
    attack(tamper.sql, copy, [20])
    attack(tamper.sql, copy, [-3])
    report = in_parallel()
    assert {p.index for p in report.problems} == {-3, 20}
    assert report == serial()


def test_rewritten_hashes_and_renumbered_history_give_the_same_report(ledger):
    attack(tamper.edit_payload, 14)
    attack(tamper.rewrite_hashes)
    report = in_parallel()
    assert (report.first_problem.code, report.first_problem.index) == ("root_mismatch", 13)
    assert report == serial()
    attack(tamper.delete, 2)
    attack(tamper.renumber_after, 2)
    attack(tamper.rewrite_hashes)
    assert in_parallel() == serial()


def test_stored_subtree_hashes_are_checked_alike(shared_database, system_entries, monkeypatch):
    monkeypatch.setattr(TreeNode, "MIN_LEVEL", 2)
    system_entries(19)
    sign_tree_head()
    attack(
        tamper.sql, 'UPDATE ledger_treenode SET hash = %s WHERE level = 2 AND "index" IN (1, 2)', ["cd" * 32]
    )
    report = in_parallel()
    assert [p.code for p in report.problems] == ["node_mismatch", "node_mismatch"]
    assert report == serial()


def test_a_missing_head_row_makes_this_process_read_everything(ledger):
    attack(tamper.sql, "DELETE FROM ledger_ledgerhead")
    report = verify_ledger(workers=2, parallel_threshold=0, chunk_size=2)
    assert report.first_problem.code == "head_missing"
    assert report == serial()


def unreadable_rows(*args, **kwargs):
    raise DatabaseError("no such table: ledger_entry")
    yield


def test_a_worker_that_cannot_read_is_reported_as_unreadable(ledger, monkeypatch):
    # In the workers, forked after this: the columnar reader gives up (as on a driver error), and
    # the row reader fails.
    monkeypatch.setattr(columnar, "range_segments", lambda *args: None)
    monkeypatch.setattr(parallel, "segments", unreadable_rows)
    report = in_parallel()
    problem = report.first_problem
    assert (problem.code, problem.index) == ("unreadable", 0)
    assert problem.message == "读取日志条目失败：no such table: ledger_entry"
    monkeypatch.setattr(verify, "segments", unreadable_rows)
    assert report == serial()


def test_entries_appended_during_verification_cause_no_false_alarm(ledger, monkeypatch):
    # After this process took its snapshot (and exported it on PostgreSQL), another connection
    # appends and signs; the workers must read what this process read (20 entries, 3 heads).
    split = parallel.split

    def split_after_appending(*args):
        def writer():
            try:
                with transaction.atomic():
                    append(
                        "case.transition",
                        subject_type="case",
                        subject_id="late",
                        payload={},
                        actor_label="system:test",
                    )
                sign_tree_head()
            finally:
                connections.close_all()

        thread = threading.Thread(target=writer)
        thread.start()
        thread.join()
        return split(*args)

    monkeypatch.setattr(parallel, "split", split_after_appending)
    report = in_parallel()
    assert report.ok, report.problems
    assert (report.entries, report.tree_heads) == (20, 3)
    monkeypatch.undo()
    assert verify_ledger(workers=2, parallel_threshold=0, chunk_size=2).entries == 21


def test_inside_a_transaction_or_below_the_threshold_it_stays_in_one_process(ledger):
    assert verify_ledger(workers=2, parallel_threshold=21).workers == 1
    assert verify_ledger(workers=2, parallel_threshold=20).workers == 2
    with transaction.atomic():
        assert verify_ledger(workers=2, parallel_threshold=0).workers == 1


def test_the_command_takes_a_number_of_workers(ledger):
    out = StringIO()
    call_command("ledger", "verify", "--workers", "1", stdout=out)
    assert out.getvalue().startswith("OK：20 条日志、3 个签名树头")
    for bad in ("0", "two"):
        with pytest.raises(CommandError, match="进程数须为正整数"):
            call_command("ledger", "verify", "--workers", bad, stdout=StringIO())
