"""AUD-03: Hypothesis builds random ledgers and tampers with them at random; verify() fails 100%."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.ledger.services import append, sign_tree_head
from sanxiang.ledger.verify import verify_ledger

from . import tamper

pytestmark = pytest.mark.django_db

OPERATIONS = ["edit", "delete", "reorder", "truncate"]
KINDS = st.sampled_from(["case.transition", "case.created", "evidence.ingested", "admin.change"])
SUBJECT_TYPES = st.sampled_from(["case", "evidence", "orgs.user"])
NOTES = st.text(max_size=12)


def build(data, size: int) -> None:
    """Append `size` random entries, signing heads after a random subset of them."""
    kinds = data.draw(st.lists(KINDS, min_size=size, max_size=size), label="kinds")
    types = data.draw(st.lists(SUBJECT_TYPES, min_size=size, max_size=size), label="subject types")
    notes = data.draw(st.lists(NOTES, min_size=size, max_size=size), label="notes")
    signed_after = data.draw(st.sets(st.integers(1, size)), label="signed after")
    for i in range(size):
        append(
            kinds[i],
            subject_type=types[i],
            subject_id=str(i * 7919 % 10007),
            payload={"i": i, "note": notes[i]},
            actor_label="system:property-test",
        )
        if i + 1 in signed_after:
            sign_tree_head()


def apply(data, operation: str, size: int) -> int:
    """Tamper; returns the first index that no longer matches."""
    if operation == "edit":
        k = data.draw(st.integers(0, size - 1), label="edited")
        tamper.edit_payload(k, '{"tampered":1}')
        return k
    if operation == "delete":
        k = data.draw(st.integers(0, size - 1), label="deleted")
        tamper.delete(k)
        return k
    if operation == "reorder":
        i = data.draw(st.integers(0, size - 2), label="i")
        j = data.draw(st.integers(i + 1, size - 1), label="j")
        tamper.swap(i, j)
        return i
    k = data.draw(st.integers(0, size - 1), label="kept")
    tamper.truncate_from(k)
    return k


@given(size=st.integers(2, 16), operation=st.sampled_from(OPERATIONS), data=st.data())
def test_any_tampering_is_detected_and_the_first_bad_entry_named(size, operation, data):
    with transaction.atomic():
        build(data, size)
        assert verify_ledger().ok
        bad = apply(data, operation, size)
        report = verify_ledger()
        assert not report.ok
        assert report.first_problem.index == bad, report.problems
        transaction.set_rollback(True)


@given(size=st.integers(2, 16), operation=st.sampled_from(OPERATIONS), data=st.data())
def test_a_careful_attacker_who_rehashes_everything_is_caught_by_a_signed_head(size, operation, data):
    # The attacker also recomputes every leaf hash and the head row; only a signed head covering
    # the change can tell, so one is signed over the whole log before the attack.
    with transaction.atomic():
        build(data, size)
        sign_tree_head()
        bad = apply(data, operation, size)
        if operation == "delete":
            tamper.renumber_after(bad)
        tamper.rewrite_hashes()
        report = verify_ledger()
        assert not report.ok
        # Fewer entries than the signed head: the rewritten range cannot be recomputed, so the
        # report names the first missing entry and says where checking against signatures stopped.
        problem = report.first_problem
        assert problem.index <= bad or problem.code == "truncated", report.problems
        transaction.set_rollback(True)
