from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.core.identity import check_digit, is_valid_id_number, make_id_number, mask_id_number, mask_name
from app.core.logsetup import mask_id_numbers


def test_known_check_digits() -> None:
    # The worked example of GB 11643-1999 appendix: 11010519491231002X
    assert check_digit("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")
    assert not is_valid_id_number("110105194913310029")  # month 13


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 999))
def test_generated_numbers_are_valid(birth: date, seq: int) -> None:
    assert is_valid_id_number(make_id_number("450403", birth, seq))


def test_masking() -> None:
    assert mask_id_number("45040319800101123X") == "450403********123X"
    assert mask_name("李建华") == "李**"
    assert mask_name("欧阳秀英") == "欧阳**"
    assert mask_id_numbers("resident 45040319800101123X logged in") == "resident 450403********123X logged in"
