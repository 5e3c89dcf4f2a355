"""The outsider's recipe in docs/ledger.md really verifies an entry (and rejects a forged one)."""

import json
import re
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature

from sanxiang.ledger import signing
from sanxiang.ledger.encoding import iso_utc
from sanxiang.ledger.proofs import inclusion_proof
from sanxiang.ledger.serialize import tree_head_dict
from sanxiang.ledger.services import sign_tree_head

DOC = Path(__file__).resolve().parents[3] / "docs" / "ledger.md"


def recipe() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### How an outsider checks an entry") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def inputs(entry, proof, head) -> dict:
    th = tree_head_dict(head)
    return {
        "actor": entry.actor_label,
        "created_at": iso_utc(entry.created_at),
        "index": entry.index,
        "kind": entry.kind,
        "payload": json.loads(entry.payload),
        "subject_id": entry.subject_id,
        "subject_type": entry.subject_type,
        "origin": th["origin"],
        "size": th["tree_size"],
        "root": th["root_hash"],
        "ts": th["timestamp"],
        "signature": th["signature"],
        "pem": signing.public_key_pem(signing.public_key()).encode(),
        "proof": proof.proof,
    }


@pytest.mark.django_db
def test_the_documented_recipe_verifies_an_entry(system_entries):
    entries = system_entries(6)
    head = sign_tree_head()
    values = inputs(entries[4], inclusion_proof(4), head)
    exec(recipe(), values)  # noqa: S102 - our own documentation
    with pytest.raises(AssertionError):
        exec(recipe(), {**values, "payload": {**values["payload"], "n": 5}})  # noqa: S102
    with pytest.raises(InvalidSignature):
        exec(recipe(), {**values, "size": 5})  # noqa: S102
