"""Normalising 智桂通 identities: names, GB 11643 numbers (15 → 18, X, checksum), certificate types."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.identity import check_digit, make_id_number
from app.core.paths import resource_path
from app.h5.identity import MIDDLE_DOT, CertNumberError, cert_types, normalize_id_number, normalize_name
from app.h5.matching import equal_except_rare
from tests.hypo import examples

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def reference_check(first17: str) -> str:
    """GB 11643 check character written out independently: (12 − Σ mod 11) mod 11, 10 → X."""
    n = (12 - sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11) % 11
    return "X" if n == 10 else str(n)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三", "张三"),
        ("  张三\u3000", "张三"),
        ("张 三", "张三"),
        ("张\u200b三", "张三"),
        ("ＺＨＡＮＧ　ｓａｎ", "ZHANG SAN"),
        ("zhang   san", "ZHANG SAN"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),  # U+30FB
        ("阿依古丽･买买提", "阿依古丽·买买提"),  # U+FF65
        ("阿依古丽•买买提", "阿依古丽·买买提"),  # U+2022
        ("阿依古丽∙买买提", "阿依古丽·买买提"),  # U+2219
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),  # U+FF0E
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("阿依古丽\u0387买买提", "阿依古丽·买买提"),  # Greek ano teleia: NFKC → U+00B7
        ("阿依古丽‧买买提", "阿依古丽·买买提"),  # U+2027
        ("阿依古丽⋅买买提", "阿依古丽·买买提"),  # U+22C5
        ("阿依古丽●买买提", "阿依古丽·买买提"),  # U+25CF
        ("阿依古丽。买买提", "阿依古丽·买买提"),  # U+3002
    ],
)
def test_name_normalisation(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected
    assert MIDDLE_DOT not in expected or MIDDLE_DOT in normalize_name(raw)


def test_normalisation_keeps_rare_characters_and_does_not_fold_variants() -> None:
    assert normalize_name("邓\U00020bb7华") == "邓\U00020bb7华"  # supplementary-plane character kept
    assert normalize_name("陳") != normalize_name("陈")  # no 繁→简 folding
    assert equal_except_rare("邓\U00020bb7华", "邓\ue000华")
    assert equal_except_rare("邓?华", "邓明华")
    assert not equal_except_rare("邓明华", "邓红华")
    assert not equal_except_rare("邓华", "邓\ue000华")


@pytest.mark.parametrize("residue", range(11))
def test_every_check_character_residue(residue: int) -> None:
    """All 11 residues, including the final '2' that a 10-entry table would miss."""
    for seq in range(1000):
        first17 = f"450403{19800101:08d}{seq:03d}"
        if sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11 == residue:
            number = first17 + reference_check(first17)
            assert normalize_id_number(number) == number
            assert check_digit(first17) == reference_check(first17)
            return
    pytest.fail("no sequence with that residue")


def test_lower_case_x_full_width_and_separators() -> None:
    number = next(
        make_id_number("450403", date(1980, 1, 1), s)
        for s in range(1000)
        if make_id_number("450403", date(1980, 1, 1), s).endswith("X")
    )
    assert normalize_id_number(number.lower()) == number
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert normalize_id_number(full_width) == number
    assert normalize_id_number(f" {number[:6]} {number[6:14]}-{number[14:]} ") == number


def test_fifteen_digit_numbers_are_upgraded() -> None:
    eighteen = make_id_number("450421", date(1948, 3, 9), 123)
    fifteen = eighteen[:6] + eighteen[8:17]
    assert len(fifteen) == 15
    assert normalize_id_number(fifteen) == eighteen


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "123",
        "45040319800101123",
        "4504031980010112345",
        "450403198013011234",
        "450403198002301234",
        "A50403198001011234",
        "45040318790101123X",
    ],
)
def test_bad_numbers_are_refused(bad: str) -> None:
    with pytest.raises(CertNumberError):
        normalize_id_number(bad)


def test_wrong_check_character_is_refused() -> None:
    good = make_id_number("450403", date(1980, 1, 1), 123)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(CertNumberError):
        normalize_id_number(wrong)


@settings(max_examples=examples(300))
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 999))
def test_generated_numbers_roundtrip(birth: date, seq: int) -> None:
    number = make_id_number("450403", birth, seq)
    assert normalize_id_number(number.lower()) == number
    if 1900 <= birth.year <= 1999:
        assert normalize_id_number(number[:6] + number[8:17]) == number


def test_certificate_type_table_is_explicit() -> None:
    table = cert_types()
    data = json.loads(resource_path("h5-service", "cert-types.json").read_text(encoding="utf-8"))
    assert set(table.sources) == {"ZGT", "GW"}
    for source, codes in data["sources"].items():
        for code, internal in codes.items():
            assert table.lookup(source, code).code == internal  # type: ignore[union-attr]
    assert table.lookup("ZGT", "111").supported  # type: ignore[union-attr]
    assert not table.lookup("ZGT", "414").supported  # type: ignore[union-attr]
    assert table.lookup("ZGT", "nonsense") is None
    assert table.lookup("ZGT", "SFZ") is None  # vendor aliases are not guessed
    assert [t.code for t in table.internal.values() if t.supported] == ["RESIDENT_ID"]
