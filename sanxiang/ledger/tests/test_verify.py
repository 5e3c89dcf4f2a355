"""verify_ledger(): every kind of tampering is found, and the report names the first bad entry."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.auth import get_user_model
from django.db import transaction

from sanxiang.ledger import signing
from sanxiang.ledger.models import LedgerHead, TreeHead, TreeNode
from sanxiang.ledger.services import append, sign_tree_head
from sanxiang.ledger.verify import verify_ledger

from . import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(system_entries):
    """Ten entries, signed at sizes 4 and 10."""
    system_entries(4)
    sign_tree_head()
    system_entries(6, start=4)
    sign_tree_head()


def first(report):
    assert not report.ok
    return report.first_problem


def test_an_untouched_ledger_verifies(ledger):
    report = verify_ledger()
    assert report.ok, report.problems
    assert (report.entries, report.tree_heads) == (10, 2)
    assert report.root_hash == LedgerHead.objects.get().root_hash == TreeHead.objects.last().root_hash


def test_an_empty_ledger_verifies_and_so_does_a_signed_empty_one():
    assert verify_ledger().ok
    sign_tree_head()
    assert verify_ledger().ok


def test_chunk_boundaries_change_nothing(ledger):
    for chunk_size in (1, 3, 4, 7):
        assert verify_ledger(chunk_size=chunk_size).ok


def test_the_public_key_can_be_given_explicitly(ledger):
    assert verify_ledger(public_key=signing.public_key_pem(signing.public_key())).ok
    other = Ed25519PrivateKey.generate().public_key()
    assert first(verify_ledger(public_key=other)).code == "unknown_key"


def test_an_edited_payload_is_named(ledger):
    tamper.edit_payload(6)
    problem = first(verify_ledger())
    assert (problem.code, problem.index) == ("leaf_mismatch", 6)
    assert "#6" in problem.message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "case.deleted"),
        ("subject_type", "evidence"),
        ("subject_id", "999"),
        ("actor_label", "system:someone-else"),
        ("created_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("leaf_hash", "00" * 32),
    ],
)
def test_every_hashed_field_is_covered(ledger, field, value):
    tamper.edit_field(3, field, value)
    problem = first(verify_ledger())
    assert (problem.code, problem.index) == ("leaf_mismatch", 3)


def test_a_changed_actor_is_found():
    User = get_user_model()
    alice, mallory = User.objects.create(username="alice"), User.objects.create(username="mallory")
    with transaction.atomic():
        append("case.transition", subject_type="case", subject_id="1", payload={}, actor=alice)
    tamper.edit_field(0, "actor_id", mallory.pk)
    assert first(verify_ledger()).index == 0


def test_an_actor_label_next_to_a_user_is_found():
    user = get_user_model().objects.create(username="alice")
    with transaction.atomic():
        append("case.transition", subject_type="case", subject_id="1", payload={}, actor=user)
    tamper.edit_field(0, "actor_label", "system:scan")
    assert (first(verify_ledger()).code, first(verify_ledger()).index) == ("actor_inconsistent", 0)


def test_a_deleted_entry_is_named(ledger):
    tamper.delete(5)
    problem = first(verify_ledger())
    assert (problem.code, problem.index) == ("missing_entry", 5)


def test_swapped_entries_are_named(ledger):
    tamper.swap(2, 7)
    problem = first(verify_ledger())
    assert (problem.code, problem.index) == ("leaf_mismatch", 2)


def test_a_truncated_tail_is_named(ledger):
    tamper.truncate_from(8)
    report = verify_ledger()
    assert first(report).index == 8
    assert {p.code for p in report.problems} == {"truncated", "head_mismatch"}


def test_an_extra_row_behind_the_heads_back_is_found(ledger):
    tamper.sql(
        'INSERT INTO ledger_entry ("index", kind, subject_type, subject_id, actor_label, created_at, payload, leaf_hash) '
        'SELECT 10, kind, subject_type, subject_id, actor_label, created_at, payload, leaf_hash FROM ledger_entry WHERE "index" = 9'
    )
    problem = first(verify_ledger())
    assert problem.index == 10


def test_rewritten_hashes_are_caught_by_the_first_signed_head_after_the_change(ledger):
    # The attacker edits entry 6 and recomputes every hash and the head row: only the signature
    # they cannot forge is left to tell, and the report names the range since the last good head.
    tamper.edit_payload(6)
    tamper.rewrite_hashes()
    problem = first(verify_ledger())
    assert (problem.code, problem.index) == ("root_mismatch", 4)
    assert "#4 至 #9" in problem.message


def test_a_renumbered_history_is_caught_by_the_signed_head(ledger):
    tamper.delete(2)
    tamper.renumber_after(2)
    tamper.rewrite_hashes()
    report = verify_ledger()
    assert first(report).index == 0  # the head at size 4 no longer matches
    assert "truncated" in {p.code for p in report.problems}


def test_without_a_signed_head_a_full_rewrite_is_not_detectable(system_entries):
    # The limit of any hash log: what was never signed can be rewritten consistently (AUD-04).
    system_entries(5)
    tamper.edit_payload(1)
    tamper.rewrite_hashes()
    assert verify_ledger().ok


def test_a_forged_tree_head_fails_its_signature(ledger):
    head = TreeHead.objects.last()
    tamper.sql("UPDATE ledger_treehead SET tree_size = 9 WHERE id = %s", [head.pk])
    report = verify_ledger()
    assert "signature_invalid" in {p.code for p in report.problems}


def test_a_tree_head_signed_by_another_key_is_reported(ledger, settings, tmp_path):
    settings.LEDGER_KEY_PATH = tmp_path / "other.pem"
    system_entries_head = sign_tree_head()
    assert system_entries_head.key_id != TreeHead.objects.first().key_id
    codes = {p.code for p in verify_ledger().problems}
    assert codes == {"unknown_key"}


def test_two_heads_of_one_size_with_different_roots_are_a_split_view(ledger):
    head = TreeHead.objects.first()
    tamper.sql(
        "INSERT INTO ledger_treehead (tree_size, root_hash, timestamp, origin, key_id, signature) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        [head.tree_size, "ab" * 32, head.timestamp, head.origin, head.key_id, head.signature],
    )
    assert "split_view" in {p.code for p in verify_ledger().problems}


def test_stored_subtree_hashes_are_checked(system_entries, monkeypatch):
    monkeypatch.setattr(TreeNode, "MIN_LEVEL", 2)
    system_entries(9)
    assert verify_ledger().ok
    tamper.sql('UPDATE ledger_treenode SET hash = %s WHERE level = 2 AND "index" = 1', ["cd" * 32])
    problem = first(verify_ledger())
    assert (problem.code, problem.index) == ("node_mismatch", 4)
    tamper.sql("DELETE FROM ledger_treenode WHERE level = 3")
    assert "node_mismatch" in {p.code for p in verify_ledger().problems}


def test_a_missing_head_row_is_reported(ledger):
    tamper.sql("DELETE FROM ledger_ledgerhead")
    assert first(verify_ledger()).code == "head_missing"


def test_a_missing_public_key_is_reported(ledger, settings, tmp_path):
    settings.LEDGER_KEY_PATH = tmp_path / "nowhere" / "key.pem"
    assert {p.code for p in verify_ledger().problems} == {"no_public_key"}


def test_many_problems_are_capped(system_entries):
    system_entries(3)
    for i in range(3):
        tamper.edit_payload(i)
    report = verify_ledger()
    assert [p.index for p in report.problems[:3]] == [0, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_it_reads_one_snapshot_outside_a_transaction(system_entries):
    system_entries(3)
    sign_tree_head()
    report = verify_ledger()
    assert report.ok and report.entries == 3
    # The connection is usable afterwards, in autocommit as before.
    assert not transaction.get_connection().in_atomic_block
    with transaction.atomic():
        append("case.transition", subject_type="case", subject_id="x", payload={}, actor_label="system:test")
    assert verify_ledger().ok
