"""The payload and leaf encodings are canonical JSON, byte for byte as docs/ledger.md says."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.ledger.encoding import (
    MAX_PAYLOAD_BYTES,
    canonical_json,
    check_entry_fields,
    encode_payload,
    iso_utc,
    leaf_data,
)
from sanxiang.ledger.errors import InvalidEntry

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_a_payload_becomes_sorted_compact_utf8_json():
    text = encode_payload({"to": "立案", "from": "登记", "n": 3, "ok": True, "none": None, "list": [1, "二"]})
    assert text == '{"from":"登记","list":[1,"二"],"n":3,"none":null,"ok":true,"to":"立案"}'


def test_dates_become_iso_strings_and_datetimes_utc():
    text = encode_payload(
        {
            "day": dt.date(2025, 11, 29),
            "at": dt.datetime(2025, 11, 29, 9, 30, tzinfo=SHANGHAI),
            "time": dt.time(9, 30),
        }
    )
    assert json.loads(text) == {"day": "2025-11-29", "at": "2025-11-29T01:30:00.000000Z", "time": "09:30:00"}


def test_decimals_and_uuids_become_strings():
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert json.loads(encode_payload({"fine": Decimal("2000.50"), "id": key})) == {
        "fine": "2000.50",
        "id": str(key),
    }


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"x": 1.5}, "浮点数"),
        ({"x": float("nan")}, "浮点数"),
        ({"x": Decimal("NaN")}, "有限数"),
        ({"x": 2**53}, "2^53"),
        ({"x": dt.datetime(2025, 1, 1)}, "时区"),
        ({1: "x"}, "不是字符串"),
        ({"x": {1, 2}}, "set"),
        ({"x": object()}, "object"),
        ({"x": "\ud800"}, "UTF-8"),
        ({"nested": [{"deep": b"bytes"}]}, "payload.nested[0].deep"),
        (["not", "a", "dict"], "dict"),
    ],
)
def test_it_refuses_what_has_no_single_json_spelling(payload, words):
    with pytest.raises(InvalidEntry, match=words.replace("^", r"\^").replace("[", r"\[")):
        encode_payload(payload)


def test_it_refuses_an_oversized_payload():
    with pytest.raises(InvalidEntry, match="超过"):
        encode_payload({"blob": "x" * MAX_PAYLOAD_BYTES})


def test_iso_utc_always_has_six_fractional_digits_and_a_z():
    assert iso_utc(dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)) == "2025-01-02T03:04:05.000000Z"
    assert iso_utc(dt.datetime(2025, 1, 2, 11, 4, 5, 7, tzinfo=SHANGHAI)) == "2025-01-02T03:04:05.000007Z"


@pytest.mark.parametrize(
    ("kind", "subject_type", "subject_id", "actor_id", "label"),
    [
        ("Case.Transition", "case", "1", 1, ""),
        ("case transition", "case", "1", 1, ""),
        ("case.transition", "Case", "1", 1, ""),
        ("case.transition", "case", "", 1, ""),
        ("case.transition", "case", " 1", 1, ""),
        ("case.transition", "case", "1\n", 1, ""),
        ("case.transition", "case", "x" * 129, 1, ""),
        ("case.transition", "case", "1", None, ""),
        ("case.transition", "case", "1", None, "deadline-scan"),
        ("case.transition", "case", "1", None, "user:7"),
        ("case.transition", "case", "1", 7, "system:scan"),
    ],
)
def test_it_refuses_ambiguous_fields(kind, subject_type, subject_id, actor_id, label):
    with pytest.raises(InvalidEntry):
        check_entry_fields(kind, subject_type, subject_id, actor_id, label)


def test_it_accepts_the_usual_fields():
    check_entry_fields("case.transition", "case", "42", 7, "")
    check_entry_fields(
        "evidence.ingested", "evidence", "7c9e6679-7425-40de-944b-e07fc1f90ae7", None, "system:ingest"
    )
    check_entry_fields("admin.change", "orgs.user", "河市监立字〔2025〕1号", None, "system:deadline-scan")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(
    index=st.integers(0, 2**40),
    kind=st.text(min_size=1, max_size=10),
    subject_type=st.text(min_size=1, max_size=10),
    subject_id=st.text(min_size=1, max_size=10),
    actor=st.text(max_size=10),
    payload=st.dictionaries(st.text(max_size=8), json_values, max_size=5),
)
def test_the_spliced_leaf_equals_canonical_json_of_the_documented_object(
    index, kind, subject_type, subject_id, actor, payload
):
    # Any strings at all, even those append() refuses: verify() must never see two readings of one leaf.
    created = "2025-11-29T01:02:03.000004Z"
    try:
        text = encode_payload(payload)
        expected = canonical_json(
            {
                "index": index,
                "kind": kind,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "actor": actor,
                "created_at": created,
                "payload": payload,
            }
        ).encode("utf-8")
    except (InvalidEntry, UnicodeEncodeError):
        return  # lone surrogates: refused on the way in, so never hashed
    data = leaf_data(
        index=index,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor,
        created_at=created,
        payload=text,
    )
    assert data == expected
