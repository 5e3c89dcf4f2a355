"""GB 32100 credit codes and GB 11643 ID numbers."""

from hypothesis import given
from hypothesis import strategies as st

from sanxiang.orgs.validators import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    id_number_check_char,
    is_valid_credit_code,
    is_valid_id_number,
    mask_id_number,
)


def test_known_credit_codes():
    assert is_valid_credit_code("91350100M000100Y43")  # the GB 32100 worked example
    assert is_valid_credit_code("911100001000079554")
    assert not is_valid_credit_code("91350100M000100Y44")
    assert not is_valid_credit_code("91350100M000100Y4")
    assert not is_valid_credit_code("91350100M000100I43")  # I is not in the character set


def test_known_id_numbers():
    assert is_valid_id_number("11010519491231002X")  # GB 11643 example
    assert is_valid_id_number("11010519491231002x")
    assert not is_valid_id_number("110105194912310021")
    assert not is_valid_id_number("110105194902300027")  # 30 February
    assert not is_valid_id_number("11010519491231002")


@given(st.text(alphabet=CREDIT_CODE_CHARSET, min_size=10, max_size=10), st.integers(0, 999999))
def test_a_computed_check_character_always_validates_and_any_other_fails(tail, region):
    first17 = f"91{region:06d}{tail[:9]}"
    check = credit_code_check_char(first17)
    assert is_valid_credit_code(first17 + check)
    wrong = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.index(check) + 1) % 31]
    assert not is_valid_credit_code(first17 + wrong)


@given(
    st.dates(
        min_value=__import__("datetime").date(1930, 1, 1), max_value=__import__("datetime").date(2010, 12, 31)
    ),
    st.integers(0, 999),
)
def test_id_numbers_with_a_computed_check_character_validate(birth, seq):
    first17 = f"140882{birth:%Y%m%d}{seq:03d}"
    assert is_valid_id_number(first17 + id_number_check_char(first17))


def test_masking_keeps_only_the_region_and_the_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("") == ""
