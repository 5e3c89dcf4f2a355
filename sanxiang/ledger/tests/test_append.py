"""append(): one gap-free leaf per call, in the caller's transaction (AUD-01), and rows that stay put."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from sanxiang.ledger import merkle
from sanxiang.ledger.encoding import iso_utc, leaf_data
from sanxiang.ledger.errors import ImmutableEntry, InvalidEntry, NotInTransaction
from sanxiang.ledger.models import Entry, LedgerHead, TreeHead, TreeNode
from sanxiang.ledger.services import append, sign_tree_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return get_user_model().objects.create(username="a.officer")


def test_entries_get_consecutive_indices_from_zero(system_entries):
    entries = system_entries(5)
    assert [e.index for e in entries] == [0, 1, 2, 3, 4]
    assert list(Entry.objects.values_list("index", flat=True)) == [0, 1, 2, 3, 4]


def test_the_entry_stores_exactly_what_was_hashed(officer):
    with transaction.atomic():
        entry = append(
            "case.transition",
            subject_type="case",
            subject_id=42,
            actor=officer,
            payload={"to": "立案", "from": "登记"},
        )
    entry.refresh_from_db()
    assert entry.subject_id == "42"
    assert entry.payload == '{"from":"登记","to":"立案"}'
    assert entry.actor == officer and entry.actor_label == ""
    data = leaf_data(
        index=0,
        kind="case.transition",
        subject_type="case",
        subject_id="42",
        actor=f"user:{officer.pk}",
        created_at=iso_utc(entry.created_at),
        payload=entry.payload,
    )
    assert json.loads(data)["actor"] == f"user:{officer.pk}"
    assert entry.leaf_hash == merkle.hash_leaf(data).hex()


def test_a_named_system_actor_is_recorded_as_its_label():
    with transaction.atomic():
        entry = append(
            "case.deadline",
            subject_type="case",
            subject_id="7",
            payload={},
            actor_label="system:deadline-scan",
        )
    assert entry.actor is None and entry.actor_label == "system:deadline-scan"


def test_it_refuses_an_entry_without_an_actor():
    with transaction.atomic(), pytest.raises(InvalidEntry, match="操作人"):
        append("case.transition", subject_type="case", subject_id="7", payload={})


def test_it_refuses_an_unsaved_user():
    with transaction.atomic(), pytest.raises(InvalidEntry, match="已保存"):
        append("case.transition", subject_type="case", subject_id="7", payload={}, actor=get_user_model()())


def test_it_refuses_a_float_in_the_payload(officer):
    with transaction.atomic(), pytest.raises(InvalidEntry, match="浮点数"):
        append("case.transition", subject_type="case", subject_id="7", payload={"fine": 12.5}, actor=officer)
    assert not Entry.objects.exists()


def test_the_head_tracks_the_root_of_all_leaves(system_entries):
    entries = system_entries(11)
    head = LedgerHead.objects.get()
    assert head.size == 11
    assert head.root_hash == merkle.root([bytes.fromhex(e.leaf_hash) for e in entries]).hex()
    assert len(head.frontier) == bin(11).count("1")


def test_completed_subtrees_of_256_leaves_are_stored(system_entries):
    entries = system_entries(257)
    node = TreeNode.objects.get()
    assert (node.level, node.index) == (8, 0)
    assert node.hash == merkle.root([bytes.fromhex(e.leaf_hash) for e in entries[:256]]).hex()


def test_a_rollback_takes_the_entry_with_it(officer):
    # AUD-01: no record without the change, and no change without the record.
    with pytest.raises(RuntimeError, match="business failure"), transaction.atomic():
        append("case.transition", subject_type="case", subject_id="1", payload={}, actor=officer)
        raise RuntimeError("business failure")
    assert not Entry.objects.exists()
    assert LedgerHead.objects.filter(size__gt=0).count() == 0
    with transaction.atomic():
        entry = append("case.transition", subject_type="case", subject_id="1", payload={}, actor=officer)
    assert entry.index == 0


def test_a_failed_entry_rolls_back_the_business_change(officer):
    User = get_user_model()
    with pytest.raises(InvalidEntry), transaction.atomic():
        User.objects.create(username="created.in.the.same.transaction")
        append("case.transition", subject_type="case", subject_id="1", payload={"x": 1.0}, actor=officer)
    assert not User.objects.filter(username="created.in.the.same.transaction").exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction(officer):
    with pytest.raises(NotInTransaction, match="transaction.atomic"):
        append("case.transition", subject_type="case", subject_id="1", payload={}, actor=officer)
    assert not Entry.objects.exists()


def test_the_orm_cannot_change_or_delete_entries(system_entries):
    entry = system_entries(1)[0]
    entry.payload = '{"forged":true}'
    with pytest.raises(ImmutableEntry):
        entry.save()
    with pytest.raises(ImmutableEntry):
        entry.delete()
    with pytest.raises(ImmutableEntry):
        Entry.objects.filter(index=0).update(payload="{}")
    with pytest.raises(ImmutableEntry):
        Entry.objects.all().delete()
    head = sign_tree_head()
    with pytest.raises(ImmutableEntry):
        head.save()
    with pytest.raises(ImmutableEntry):
        TreeHead.objects.all().delete()
    assert Entry.objects.get().payload != '{"forged":true}'


def test_a_user_with_entries_cannot_be_deleted(officer):
    with transaction.atomic():
        append("case.transition", subject_type="case", subject_id="1", payload={}, actor=officer)
    with pytest.raises(Exception, match="protected|PROTECT|受保护"):
        officer.delete()


def test_two_rows_cannot_share_an_index(system_entries):
    entry = system_entries(1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            index=0,
            kind=entry.kind,
            subject_type="case",
            subject_id="x",
            actor_label="system:test",
            created_at=entry.created_at,
            payload="{}",
            leaf_hash=entry.leaf_hash,
        )


def test_a_lost_head_row_is_rebuilt_from_the_leaves(system_entries):
    entries = system_entries(6)
    root = LedgerHead.objects.get().root_hash
    LedgerHead.objects.all().delete()
    later = system_entries(1, start=6)[0]
    assert later.index == 6
    leaves = [bytes.fromhex(e.leaf_hash) for e in [*entries, later]]
    assert LedgerHead.objects.get().root_hash == merkle.root(leaves).hex() != root
