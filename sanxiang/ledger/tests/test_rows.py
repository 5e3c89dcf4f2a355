"""rows.segments(): clean chunks come back as packed leaf hashes, the others as raw rows."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from sanxiang.ledger import merkle, rows
from sanxiang.ledger.models import Entry
from sanxiang.ledger.services import append

from . import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def awkward_entries():
    """Entries whose quoted fields need JSON escaping, by a user and by a system actor."""
    user = get_user_model().objects.create(username="rows-test")
    subjects = ['案"件\\编号/é', "河市监立〔2026〕1号😀", "a b", "x" * 128]
    with transaction.atomic():
        for n, subject in enumerate(subjects):
            append(
                "case.transition",
                subject_type="case",
                subject_id=subject,
                payload={"note": '换行\n制表\t控制\x01引号"反斜杠\\', "n": n},
                **({"actor": user} if n % 2 else {"actor_label": "system:test"}),
            )


def test_fields_that_need_escaping_give_the_stored_leaf_hashes(awkward_entries):
    parts = list(rows.segments(chunk_size=3))
    assert [p[0] for p in parts] == ["leaves", "leaves"]
    packed = b"".join(p[2] for p in parts)
    stored = [bytes.fromhex(h) for h in Entry.objects.order_by("index").values_list("leaf_hash", flat=True)]
    assert [packed[i : i + merkle.HASH_SIZE] for i in range(0, len(packed), merkle.HASH_SIZE)] == stored


def test_a_changed_chunk_comes_back_as_raw_rows(awkward_entries):
    tamper.edit_payload(1)
    parts = list(rows.segments(chunk_size=2))
    assert [p[0] for p in parts] == ["rows", "leaves"]
    assert [r[0] for r in parts[0][1]] == [0, 1] and parts[0][1][1][6] == b'{"forged":true}'


def test_a_gap_makes_the_chunk_after_it_raw_rows(awkward_entries):
    tamper.delete(2)
    assert [p[0] for p in rows.segments(chunk_size=2)] == ["leaves", "rows"]
