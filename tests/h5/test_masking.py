"""Server-side masking rules (h5-health-records.md §4), with Hypothesis names and ID numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.identity import make_id_number
from app.h5.masking import mask_cert_number, mask_id_number, mask_name, mask_phone, phr_tail
from app.h5.views import profile
from tests.hypo import examples

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
NAMES = st.one_of(
    st.text(CJK, min_size=1, max_size=6),
    st.builds(lambda a, b: f"{a}·{b}", st.text(CJK, min_size=1, max_size=5), st.text(CJK, min_size=1, max_size=6)),
    st.text(st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF), min_size=2, max_size=4),
)
ID_NUMBERS = st.builds(
    make_id_number,
    st.sampled_from(["450403", "450405", "450406", "450421", "450422", "450423", "450481", "110101"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 30)),
    st.integers(0, 999),
)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张", "*"),
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        ("阿依古丽·买买提", "阿***·**提"),
        ("A·B", "A·*"),
    ],
)
def test_name_examples(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_id_number_example() -> None:
    assert mask_id_number("45040319800101123X") == "450***********123X"


@settings(max_examples=examples(400))
@given(NAMES)
def test_masked_names_hide_something_and_keep_the_shape(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert masked != name and "*" in masked
    assert masked[0] == name[0] or len([c for c in name if c != "·"]) == 1
    assert [i for i, c in enumerate(name) if c == "·"] == [i for i, c in enumerate(masked) if c == "·"]
    letters = [c for c in name if c != "·"]
    if len(letters) >= 3:
        assert masked[-1] == name[-1] and masked.count("*") == len(letters) - 2


@settings(max_examples=examples(400))
@given(ID_NUMBERS, NAMES)
def test_masked_id_numbers_never_reveal_the_number(number: str, name: str) -> None:
    masked = mask_id_number(number)
    assert masked == number[:3] + "*" * 11 + number[-4:]
    assert number not in masked and number[6:14] not in masked  # the birth date is hidden
    out = profile(name, number)
    assert number not in str(out) and out["certNoMasked"] == masked and out["nameMasked"] == mask_name(name)


@settings(max_examples=examples(200))
@given(st.text(st.sampled_from("ABCDEFGHJKMNPRSTUVWXYZ0123456789"), min_size=1, max_size=20))
def test_other_certificates_show_at_most_half(number: str) -> None:
    masked = mask_cert_number(number)
    assert len(masked) == len(number)
    visible = sum(1 for c in masked if c != "*")
    if len(number) != 18:  # 18 characters follow the resident-ID rule (3 + 4)
        assert visible <= len(number) // 2
    assert "*" in masked


@pytest.mark.parametrize(
    ("phone", "masked"), [("13800001234", "138****1234"), ("0774-5952750", "********2750"), ("1234", "***4")]
)
def test_phones(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_passport_example() -> None:
    assert mask_cert_number("E12345678") == "E1*****78"


def test_archive_number_tail() -> None:
    assert phr_tail("45040300100200001") == "200001"


@settings(max_examples=examples(300))
@given(st.text(alphabet="0123456789Xx１２ -\u200b", min_size=14, max_size=20))
def test_the_summary_shows_a_number_as_normalising_would(raw: str) -> None:
    """The summary's fast path for canonical-looking numbers agrees with normalising every number."""
    from app.h5.identity import CertNumberError, normalize_id_number
    from app.h5.views import _display_cert

    try:
        slow = normalize_id_number(raw)
    except CertNumberError:
        slow = raw
    assert _display_cert(raw) == slow


def test_the_summary_shows_a_valid_number_unchanged() -> None:
    from app.h5.views import _display_cert

    number = make_id_number("450403", date(1980, 1, 1), 123)
    assert _display_cert(number) == number
    assert _display_cert(number[:-1] + "x") in (number[:-1] + "X", number[:-1] + "x")
