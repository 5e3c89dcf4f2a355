"""Plain-dict renderings of ledger objects, shared by the CLI and the API."""

from __future__ import annotations

import base64

from . import signing
from .encoding import iso_utc
from .models import TreeHead


def tree_head_dict(head: TreeHead | None) -> dict | None:
    """A signed tree head with its checkpoint note (None if signed by a key this installation lacks)."""
    if head is None:
        return None
    body = signing.checkpoint_body(head.origin, head.tree_size, bytes.fromhex(head.root_hash), head.timestamp)
    key = signing.public_key(create=False)
    note = None
    if key is not None and signing.key_id(key) == head.key_id:
        note = signing.note_text(body, head.origin, base64.b64decode(head.signature), key)
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": iso_utc(head.timestamp),
        "origin": head.origin,
        "key_id": head.key_id,
        "signature": head.signature,
        "checkpoint": note,
    }
