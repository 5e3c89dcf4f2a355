"""The public-verifiable endpoints: tree head, proofs, public key."""

import pytest
from ninja.testing import TestClient

from sanxiang.core.errors import Conflict, InvalidInput, NotFound
from sanxiang.ledger import merkle, signing
from sanxiang.ledger.api import router
from sanxiang.ledger.services import sign_tree_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return TestClient(router)


def test_the_latest_tree_head_with_its_checkpoint(client, system_entries):
    system_entries(3)
    head = sign_tree_head()
    body = client.get("/tree-head").json()
    assert (body["tree_size"], body["root_hash"], body["key_id"]) == (3, head.root_hash, head.key_id)
    assert body["checkpoint"].startswith("sanxiang/ledger\n3\n")
    assert body["timestamp"].endswith("Z")


def test_no_tree_head_yet_is_not_found(client):
    with pytest.raises(NotFound):
        client.get("/tree-head")


def test_an_inclusion_proof_verifies_against_the_served_head(client, system_entries):
    system_entries(5)
    sign_tree_head()
    body = client.get("/entries/3/proof").json()
    assert body["tree_head"]["root_hash"] == body["root_hash"]
    assert merkle.verify_inclusion(
        3,
        5,
        bytes.fromhex(body["leaf_hash"]),
        [bytes.fromhex(p) for p in body["proof"]],
        bytes.fromhex(body["root_hash"]),
    )
    assert "payload" not in body  # hashes only: entry contents stay private


def test_a_proof_for_an_older_size(client, system_entries):
    system_entries(5)
    body = client.get("/entries/1/proof?tree_size=3").json()
    assert (body["tree_size"], body["tree_head"]) == (3, None)


def test_a_consistency_proof(client, system_entries):
    system_entries(6)
    body = client.get("/consistency?old=2&new=6").json()
    assert merkle.verify_consistency(
        2,
        6,
        bytes.fromhex(body["old_root"]),
        bytes.fromhex(body["new_root"]),
        [bytes.fromhex(p) for p in body["proof"]],
    )


def test_bad_input_raises_the_core_errors(client, system_entries):
    system_entries(2)
    with pytest.raises(Conflict):
        client.get("/entries/0/proof")
    sign_tree_head()
    with pytest.raises(NotFound):
        client.get("/entries/9/proof")
    with pytest.raises(InvalidInput):
        client.get("/entries/0/proof?tree_size=5")
    with pytest.raises(InvalidInput):
        client.get("/consistency?old=2&new=1")
    assert client.get("/consistency?old=x&new=1").status_code == 422


def test_the_public_key_in_pem_and_signed_note_form(client):
    body = client.get("/pubkey").json()
    key = signing.public_key()
    assert body["algorithm"] == "Ed25519"
    assert body["pem"] == signing.public_key_pem(key)
    assert body["key_id"] == signing.key_id(key)
    assert body["verifier_key"] == signing.verifier_key("sanxiang/ledger", key)
