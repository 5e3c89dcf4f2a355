"""Proofs from the stored tree verify against signed heads with the RFC 9162 verifier."""

import pytest

from sanxiang.core.errors import Conflict, InvalidInput, NotFound
from sanxiang.ledger import merkle
from sanxiang.ledger.errors import LedgerCorrupted
from sanxiang.ledger.models import Entry, TreeNode
from sanxiang.ledger.proofs import consistency_proof, inclusion_proof
from sanxiang.ledger.services import sign_tree_head

from . import tamper

pytestmark = pytest.mark.django_db


def unhex(values):
    return [bytes.fromhex(v) for v in values]


@pytest.fixture
def small_nodes(monkeypatch):
    """Store subtrees from 4 leaves up, so a few dozen entries exercise the stored-node path."""
    monkeypatch.setattr(TreeNode, "MIN_LEVEL", 2)


def leaf_hashes():
    return [bytes.fromhex(h) for h in Entry.objects.order_by("index").values_list("leaf_hash", flat=True)]


def test_every_entry_has_a_valid_proof_against_the_latest_head(small_nodes, system_entries):
    system_entries(37)
    head = sign_tree_head()
    hashes = leaf_hashes()
    for index in range(37):
        proof = inclusion_proof(index)
        assert (proof.tree_size, proof.root_hash, proof.tree_head) == (37, head.root_hash, head)
        assert proof.leaf_hash == hashes[index].hex()
        assert unhex(proof.proof) == merkle.inclusion_proof(hashes, index, 37)
        assert merkle.verify_inclusion(
            index, 37, hashes[index], unhex(proof.proof), bytes.fromhex(head.root_hash)
        )


def test_proofs_against_older_sizes_match_the_in_memory_tree(small_nodes, system_entries):
    system_entries(21)
    hashes = leaf_hashes()
    for size in (1, 4, 5, 8, 13, 16, 21):
        for index in range(size):
            proof = inclusion_proof(index, size)
            assert proof.root_hash == merkle.root(hashes[:size]).hex()
            assert unhex(proof.proof) == merkle.inclusion_proof(hashes, index, size)


def test_consistency_proofs_between_any_two_sizes_verify(small_nodes, system_entries):
    system_entries(19)
    hashes = leaf_hashes()
    for old in range(20):
        for new in range(old, 20):
            proof = consistency_proof(old, new)
            assert proof.old_root == merkle.root(hashes[:old]).hex()
            assert proof.new_root == merkle.root(hashes[:new]).hex()
            assert unhex(proof.proof) == merkle.consistency_proof(hashes, old, new)
            assert merkle.verify_consistency(
                old, new, bytes.fromhex(proof.old_root), bytes.fromhex(proof.new_root), unhex(proof.proof)
            )


def test_a_large_log_is_proved_from_stored_subtrees(system_entries, django_assert_max_num_queries):
    system_entries(300)
    head = sign_tree_head()
    hashes = leaf_hashes()
    with django_assert_max_num_queries(8):
        proof = inclusion_proof(7)
    assert merkle.verify_inclusion(7, 300, hashes[7], unhex(proof.proof), bytes.fromhex(head.root_hash))
    with django_assert_max_num_queries(8):
        consistency = consistency_proof(100, 300)
    assert merkle.verify_consistency(
        100, 300, merkle.root(hashes[:100]), bytes.fromhex(head.root_hash), unhex(consistency.proof)
    )


def test_unknown_entries_and_impossible_sizes_are_refused(system_entries):
    system_entries(3)
    with pytest.raises(Conflict, match="签名树头"):
        inclusion_proof(0)
    sign_tree_head()
    with pytest.raises(NotFound):
        inclusion_proof(3)
    with pytest.raises(InvalidInput):
        inclusion_proof(-1)
    with pytest.raises(InvalidInput):
        inclusion_proof(2, 2)
    with pytest.raises(InvalidInput):
        inclusion_proof(0, 4)
    with pytest.raises(InvalidInput):
        consistency_proof(2, 1)
    with pytest.raises(InvalidInput):
        consistency_proof(1, 4)


def test_an_entry_newer_than_the_latest_head_waits_for_the_next_one(system_entries):
    system_entries(2)
    sign_tree_head()
    system_entries(1, start=2)
    with pytest.raises(Conflict, match="尚未被签名树头覆盖"):
        inclusion_proof(2)
    assert inclusion_proof(2, 3).tree_size == 3


def test_a_proof_is_not_served_from_a_tree_that_disagrees_with_its_signed_head(system_entries):
    system_entries(3)
    sign_tree_head()
    tamper.edit_field(1, "leaf_hash", "00" * 32)
    with pytest.raises(LedgerCorrupted):
        inclusion_proof(0)
