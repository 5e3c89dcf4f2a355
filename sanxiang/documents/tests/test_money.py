from decimal import Decimal

import pytest

from sanxiang.documents.money import rmb_upper


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("5000", "伍仟元整"),
        ("105", "壹佰零伍元整"),
        ("100500", "壹拾万零伍佰元整"),
        ("20003000", "贰仟万叁仟元整"),
        ("100000001", "壹亿零壹元整"),
        ("100.05", "壹佰元零伍分"),
        ("123.45", "壹佰贰拾叁元肆角伍分"),
        ("200.5", "贰佰元伍角整"),
        ("0.05", "伍分"),
    ],
)
def test_amounts_are_written_in_words_as_on_a_decision(amount, words):
    assert rmb_upper(Decimal(amount)) == words
