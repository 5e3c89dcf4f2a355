"""Reads of the ledger. The log is public-verifiable data, so these take no acting user;
who may read entries themselves (AUD-05: the audit administrator) is decided by the caller."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Entry, LedgerHead, TreeHead


def current_size() -> int:
    """How many entries the log holds, from the head row (0 before the first append)."""
    return LedgerHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0


def latest_tree_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-tree_size", "-id").first()


def tree_head_for_size(tree_size: int) -> TreeHead | None:
    return TreeHead.objects.filter(tree_size=tree_size).order_by("-id").first()


def entry_at(index: int) -> Entry | None:
    return Entry.objects.filter(index=index).first()


def entries_for_subject(subject_type: str, subject_id: str | int) -> QuerySet[Entry]:
    """The log of one subject (e.g. a case), oldest first."""
    return Entry.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).order_by("index")
