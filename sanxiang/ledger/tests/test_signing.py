"""Signed tree heads: a key file outside the database, a documented checkpoint text, Ed25519."""

import base64
import hashlib
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from sanxiang.ledger import merkle, signing
from sanxiang.ledger.models import TreeHead
from sanxiang.ledger.serialize import tree_head_dict
from sanxiang.ledger.services import append, sign_tree_head

pytestmark = pytest.mark.django_db


def test_the_key_is_created_on_first_use_with_mode_0600(ledger_key_path):
    assert not ledger_key_path.exists()
    key = signing.private_key()
    assert ledger_key_path.exists()
    assert stat.S_IMODE(ledger_key_path.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in ledger_key_path.read_bytes()
    assert signing.private_key() is key


def test_an_existing_key_is_used_not_replaced(ledger_key_path, settings):
    signing.private_key()
    pem = ledger_key_path.read_bytes()
    signing._keys.clear()
    signing.private_key()
    assert ledger_key_path.read_bytes() == pem


def test_without_create_a_missing_key_is_none():
    assert signing.private_key(create=False) is None
    assert signing.public_key(create=False) is None


def test_the_checkpoint_text_is_the_documented_format():
    import datetime as dt

    body = signing.checkpoint_body(
        "sanxiang/ledger", 8, bytes.fromhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
        dt.datetime(2025, 11, 29, 3, 4, 5, 6, tzinfo=dt.UTC),
    )  # fmt: skip
    assert (
        body
        == b"sanxiang/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 2025-11-29T03:04:05.000006Z\n"
    )


def test_a_tree_head_signs_the_current_size_and_root(system_entries):
    entries = system_entries(3)
    head = sign_tree_head()
    assert head.tree_size == 3
    assert head.root_hash == merkle.root([bytes.fromhex(e.leaf_hash) for e in entries]).hex()
    assert head.origin == "sanxiang/ledger"
    key = signing.public_key()
    assert head.key_id == hashlib.sha256(signing.raw_public_key(key)).hexdigest()
    body = signing.checkpoint_body(head.origin, head.tree_size, bytes.fromhex(head.root_hash), head.timestamp)
    assert signing.verify_signature(body, base64.b64decode(head.signature), key)


def test_signing_twice_without_appends_reuses_the_head(system_entries):
    system_entries(2)
    first = sign_tree_head()
    assert sign_tree_head() == first
    system_entries(1, start=2)
    second = sign_tree_head()
    assert second != first and second.tree_size == 3
    assert TreeHead.objects.count() == 2


def test_an_empty_log_can_be_signed():
    head = sign_tree_head()
    assert (head.tree_size, head.root_hash) == (0, merkle.EMPTY_ROOT.hex())


def test_the_origin_comes_from_settings(settings, system_entries):
    settings.LEDGER_ORIGIN = "sanxiang.hejin-smr/ledger"
    system_entries(1)
    head = sign_tree_head()
    assert head.origin == "sanxiang.hejin-smr/ledger"
    assert tree_head_dict(head)["checkpoint"].startswith("sanxiang.hejin-smr/ledger\n1\n")


def test_an_origin_with_spaces_is_refused(settings):
    settings.LEDGER_ORIGIN = "sanxiang ledger"
    with pytest.raises(ValueError, match="LEDGER_ORIGIN"):
        sign_tree_head()


def test_the_note_carries_a_signed_note_signature_line(system_entries):
    system_entries(2)
    head = sign_tree_head()
    note = tree_head_dict(head)["checkpoint"]
    body, signature_line = note.split("\n\n")
    assert body.count("\n") == 3
    dash, name, blob = signature_line.rstrip("\n").split(" ")
    assert (dash, name) == ("\u2014", head.origin)
    raw = base64.b64decode(blob)
    key = signing.public_key()
    assert raw[:4] == signing.note_key_hash(head.origin, key)
    assert signing.verify_signature((body + "\n").encode(), raw[4:], key)
    vkey_name, vkey_hash, vkey = signing.verifier_key(head.origin, key).split("+", 2)
    assert vkey_name == head.origin and bytes.fromhex(vkey_hash) == raw[:4]
    assert base64.b64decode(vkey) == b"\x01" + signing.raw_public_key(key)


def test_a_head_does_not_verify_with_another_key_or_another_root(system_entries):
    system_entries(2)
    head = sign_tree_head()
    body = signing.checkpoint_body(head.origin, head.tree_size, bytes.fromhex(head.root_hash), head.timestamp)
    signature = base64.b64decode(head.signature)
    assert not signing.verify_signature(body, signature, Ed25519PrivateKey.generate().public_key())
    forged = signing.checkpoint_body(head.origin, head.tree_size, merkle.EMPTY_ROOT, head.timestamp)
    assert not signing.verify_signature(forged, signature, signing.public_key())


def test_public_keys_load_from_pem_raw_and_base64():
    key = signing.public_key()
    raw = signing.raw_public_key(key)
    for form in (signing.public_key_pem(key), raw, base64.b64encode(raw).decode(), key):
        assert signing.raw_public_key(signing.load_public_key(form)) == raw


def test_signing_waits_for_the_appends_lock(system_entries):
    # Signing inside a transaction that appended sees its own append, consistently.
    system_entries(1)
    with transaction.atomic():
        append("case.transition", subject_type="case", subject_id="9", payload={}, actor_label="system:test")
        head = sign_tree_head()
    assert head.tree_size == 2
