"""Every write to the ledger: appending an entry and signing a tree head.

The ledger knows nothing of cases: callers hand it a kind, a subject and a canonical payload, in
the same transaction as the change they record (AUD-01).
"""

from __future__ import annotations

import base64
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import merkle, signing
from .encoding import actor_string, check_entry_fields, encode_payload, iso_utc, leaf_data
from .errors import InvalidEntry, LedgerCorrupted, NotInTransaction
from .models import Entry, LedgerHead, TreeHead, TreeNode
from .proofs import consistency_proof, inclusion_proof

__all__ = ["append", "consistency_proof", "inclusion_proof", "sign_tree_head"]


def append(
    kind: str,
    *,
    subject_type: str,
    subject_id: str | int,
    payload: dict[str, Any],
    actor=None,
    actor_label: str = "",
) -> Entry:
    """Record one event as the next leaf of the log and return its Entry.

    Must run inside the caller's `transaction.atomic()`, so the entry and the change it records
    commit or roll back together. `actor` is the acting user; for work done by the system give
    `actor_label` instead (e.g. "system:deadline-scan"). The payload is stored as canonical JSON:
    dates become ISO strings, Decimals strings; floats and other types are refused (InvalidEntry).
    Keep personal data out of payloads: tree heads and proofs are public.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(
            "ledger.append() 必须在调用方的 transaction.atomic() 内调用，使日志与业务变更同时提交或回滚"
        )
    actor_id = None
    if actor is not None:
        actor_id = getattr(actor, "pk", None)
        if actor_id is None:
            raise InvalidEntry("actor 必须是已保存的用户 (actor must be a saved user)")
    subject_id = str(subject_id)
    check_entry_fields(kind, subject_type, subject_id, actor_id, actor_label)
    payload_text = encode_payload(payload)

    head = _locked_head()
    index = head.size
    created_at = timezone.now()
    leaf = merkle.hash_leaf(
        leaf_data(
            index=index,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            actor=actor_string(actor_id, actor_label),
            created_at=iso_utc(created_at),
            payload=payload_text,
        )
    )
    entry = Entry.objects.create(
        index=index,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor_id,
        actor_label=actor_label,
        created_at=created_at,
        payload=payload_text,
        leaf_hash=leaf.hex(),
    )
    completed: list[TreeNode] = []
    tree = merkle.TreeBuilder(
        [bytes.fromhex(h) for h in head.frontier],
        index,
        node_sink=lambda level, i, h: completed.append(TreeNode(level=level, index=i, hash=h.hex())),
        sink_min_level=TreeNode.MIN_LEVEL,
    )
    tree.push(leaf)
    if completed:
        TreeNode.objects.bulk_create(completed)
    head.size = tree.size
    head.frontier = [h.hex() for h in tree.frontier]
    head.root_hash = tree.root().hex()
    head.save(update_fields=["size", "frontier", "root_hash", "updated_at"])
    return entry


def sign_tree_head() -> TreeHead:
    """Sign the current size and root as a checkpoint; reuse the latest head if nothing changed."""
    with transaction.atomic():
        head = _locked_head()
        key = signing.private_key()
        origin, kid = signing.origin(), signing.key_id(key.public_key())
        latest = TreeHead.objects.order_by("-tree_size", "-id").first()
        if latest and (latest.tree_size, latest.root_hash, latest.key_id, latest.origin) == (
            head.size,
            head.root_hash,
            kid,
            origin,
        ):
            return latest
        # Whole microseconds survive every database, so the stored time re-renders the signed text.
        timestamp = timezone.now()
        body = signing.checkpoint_body(origin, head.size, bytes.fromhex(head.root_hash), timestamp)
        signature = key.sign(body)
        return TreeHead.objects.create(
            tree_size=head.size,
            root_hash=head.root_hash,
            timestamp=timestamp,
            origin=origin,
            key_id=kid,
            signature=base64.b64encode(signature).decode(),
        )


def _locked_head() -> LedgerHead:
    """The head row, locked for this transaction (SELECT ... FOR UPDATE; SQLite's write lock).

    Created on first use; if entries exist without a head row (a restored or flushed table), the
    compact range is rebuilt from the stored leaf hashes.
    """
    try:
        return LedgerHead.objects.select_for_update().get(pk=1)
    except LedgerHead.DoesNotExist:
        pass
    head = _rebuilt_head()
    try:
        with transaction.atomic():
            head.save(force_insert=True)
    except IntegrityError:  # another writer created it first; wait for its lock
        return LedgerHead.objects.select_for_update().get(pk=1)
    return head


def _rebuilt_head() -> LedgerHead:
    hashes = list(Entry.objects.order_by("index").values_list("index", "leaf_hash"))
    if any(index != position for position, (index, _) in enumerate(hashes)):
        raise LedgerCorrupted("日志条目序号不连续，无法重建日志头；请运行 sanxiang ledger verify")
    tree = merkle.TreeBuilder()
    tree.extend([bytes.fromhex(h) for _, h in hashes])
    return LedgerHead(
        pk=1, size=tree.size, root_hash=tree.root().hex(), frontier=[h.hex() for h in tree.frontier]
    )
