from collections.abc import Callable
from typing import Any

import pytest

from app.mipin.engine import ScoreResult

from .conftest import build_case, obj

Score = Callable[..., ScoreResult]

D_ITEMS = [
    ("PE-1", "6.1", 2),
    ("NC-1", "7.1", 3),
    ("NC-3", "7.2", 3),
    ("NC-5", "7.3", 4),
    ("DC-1", "8.1", 3),
    ("DC-2", "8.2", 3),
    ("AD-1", "9.1", 3),
    ("AD-4", "9.2", 3),
    ("AD-5", "9.3", 3),
    ("AD-7", "9.4", 3),
    ("AD-8", "9.5", 3),
]


def risks(result: ScoreResult) -> list[tuple[str, str, str | None, str]]:
    return [(r.item, r.unit, r.object, r.status) for r in result.high_risks]


@pytest.mark.parametrize(("unit", "item", "from_level"), D_ITEMS)
def test_d_fail_in_mapped_unit_from_its_level(cat: Any, score: Score, unit: str, item: str, from_level: int) -> None:
    for level in (1, 2, 3, 4):
        if cat.unit(unit).at_level(level) is None:
            continue
        result = score(build_case(level=level, units={unit: [obj("x", d="×")]}))
        expected = [(item, unit, "x", "high")] if level >= from_level else []
        assert risks(result) == expected, level
        if expected:
            risk = result.high_risks[0]
            assert risk.condition == "测评对象 “x” 的密码使用有效性 D=×"
            assert risk.guide.startswith(f"{item} ") and risk.origin == "auto"
            assert result.conclusion == "不符合"


@pytest.mark.parametrize(("unit", "item", "from_level"), D_ITEMS)
def test_every_d_fail_object_is_a_candidate(score: Score, unit: str, item: str, from_level: int) -> None:
    result = score(build_case(level=4, units={unit: [obj("a", d="×"), obj("b"), obj("c", d="×", a="/", k="/")]}))
    assert risks(result) == [(item, unit, "a", "high"), (item, unit, "c", "high")]


def test_unmapped_units_and_other_failures_raise_nothing(score: Score) -> None:
    units: dict[str, Any] = {
        u: [obj(d="×")]
        for u in ("PE-2", "PE-3", "NC-2", "NC-4", "DC-3", "DC-4", "DC-5", "DC-6", "AD-2", "AD-3", "AD-6")
    }
    units["NC-1"] = [obj(a="×", k="×", algorithms=["AES-256"])]
    for u in ("MS-2", "PM-1", "BO-2", "ER-1"):
        units[u] = "不符合"
    units["MS-1"] = "部分符合"
    assert risks(score(build_case(units=units))) == []


def test_excluded_objects_and_na_units_raise_nothing(score: Score) -> None:
    na_unit = {"applicable": False, "objects": [obj(d="×", algorithms=["MD5"])]}
    data = build_case(units={"DC-2": [obj("x", d="/", a="/", k="/"), obj("ok")], "NC-1": na_unit})
    assert risks(score(data)) == []


@pytest.mark.parametrize("name", ["MD5", "md5", "DES", "SHA-1", "sha1", "RSA-512", "RSA-1024", "rsa1024"])
def test_item_5_1(score: Score, name: str) -> None:
    result = score(build_case(level=1, units={"AD-2": [obj("x", a="×", algorithms=["SM4", name])]}))
    assert risks(result) == [("5.1", "AD-2", "x", "high")]
    assert result.high_risks[0].condition.startswith("使用了 ")


@pytest.mark.parametrize("name", ["RSA-2048", "3DES-2KEY", "3DES-3KEY", "HMAC-SHA1", "ECDSA-P192", "AES-128", "SM3"])
def test_not_5_1(score: Score, name: str) -> None:
    assert risks(score(build_case(units={"AD-2": [obj("x", a="×", algorithms=[name])]}))) == []


@pytest.mark.parametrize(
    "name", ["SSH-1", "SSHv1", "SSL 2.0", "SSLv2", "SSL 3.0", "SSLv3", "TLS 1.0", "TLSv1.0", "TLSv1"]
)
def test_item_5_2(score: Score, name: str) -> None:
    assert risks(score(build_case(level=1, units={"NC-2": [obj("x", protocols=[name])]}))) == [
        ("5.2", "NC-2", "x", "high")
    ]


@pytest.mark.parametrize("name", ["SSH-2", "TLS 1.1", "TLS 1.2", "TLS 1.3", "TLCP", "IPSec"])
def test_not_5_2(score: Score, name: str) -> None:
    assert risks(score(build_case(units={"NC-2": [obj("x", protocols=[name])]}))) == []


def test_item_5_3_with_known_and_free_text_hazards(score: Score) -> None:
    result = score(build_case(units={"DC-5": [obj("x", k="×", key_hazards=["A.3.3", "自定义隐患"])]}))
    assert risks(result) == [("5.3", "DC-5", "x", "high")]
    assert "A.3.3 密钥存储、备份和归档" in result.high_risks[0].condition
    assert "自定义隐患" in result.high_risks[0].condition


def test_one_object_can_raise_several_items(score: Score) -> None:
    data = build_case(units={"DC-2": [obj("x", d="×", algorithms=["MD5"], protocols=["SSH-1"], key_hazards=["A.1.1"])]})
    assert risks(score(data)) == [
        ("5.1", "DC-2", "x", "high"),
        ("5.2", "DC-2", "x", "high"),
        ("5.3", "DC-2", "x", "high"),
        ("8.2", "DC-2", "x", "high"),
    ]


@pytest.mark.parametrize(("unit", "item"), [("MS-1", "10.1"), ("BO-1", "10.2")])
def test_management_items_from_level_2(score: Score, unit: str, item: str) -> None:
    assert risks(score(build_case(level=1, units={unit: "不符合"}))) == []
    for level in (2, 3, 4):
        assert risks(score(build_case(level=level, units={unit: "不符合"}))) == [(item, unit, None, "high")]
    assert risks(score(build_case(level=3, units={unit: "部分符合"}))) == []


def test_untested_objects_still_list_weak_algorithms(score: Score) -> None:
    data = build_case(units={"AD-5": [obj("x", d=None, algorithms=["DES"])]})
    assert risks(score(data, partial=True)) == [("5.1", "AD-5", "x", "high")]


# -- decisions ------------------------------------------------------------------------------------------


def test_decision_without_object_matches_all_objects(score: Score) -> None:
    data = build_case(
        units={"DC-1": [obj("a", d="×"), obj("b", d="×")]},
        decisions=[{"item": "8.1", "unit": "DC-1", "decision": "mitigated", "reason": "堡垒机"}],
    )
    result = score(data)
    assert risks(result) == [("8.1", "DC-1", "a", "mitigated"), ("8.1", "DC-1", "b", "mitigated")]
    assert result.high_risks[0].reason == "堡垒机" and result.high_risks[0].decision == "mitigated"
    assert result.conclusion == "基本符合"


def test_specific_decision_wins_over_unit_wide(score: Score) -> None:
    decisions = [
        {"item": "8.1", "unit": "DC-1", "object": "b", "decision": "confirmed", "reason": "可绕过堡垒机"},
        {"item": "8.1", "unit": "DC-1", "decision": "mitigated", "reason": "堡垒机"},
    ]
    result = score(build_case(units={"DC-1": [obj("a", d="×"), obj("b", d="×")]}, decisions=decisions))
    assert risks(result) == [("8.1", "DC-1", "a", "mitigated"), ("8.1", "DC-1", "b", "high")]
    assert result.high_risks[1].reason == "可绕过堡垒机" and result.high_risks[1].decision == "confirmed"
    assert result.conclusion == "不符合"


def test_dismissed(score: Score) -> None:
    data = build_case(
        units={"AD-5": [obj("x", d="×")]},
        decisions=[{"item": "9.3", "unit": "AD-5", "object": "x", "decision": "dismissed", "reason": "非重要数据"}],
    )
    result = score(data)
    assert risks(result) == [("9.3", "AD-5", "x", "dismissed")]
    assert result.conclusion == "基本符合"


def test_added_creates_a_manual_high_risk(score: Score) -> None:
    data = build_case(
        decisions=[{"item": "9.3", "unit": "AD-5", "object": "备份", "decision": "added", "reason": "备份明文"}]
    )
    result = score(data)
    assert risks(result) == [("9.3", "AD-5", "备份", "high")]
    risk = result.high_risks[0]
    assert risk.origin == "added" and risk.reason == "备份明文" and "备份明文" in risk.condition
    assert result.conclusion == "不符合"
    assert result.total == 100


def test_added_can_be_unit_wide_and_for_general_items(score: Score) -> None:
    data = build_case(decisions=[{"item": "5.3", "unit": "AD-1", "decision": "added", "reason": "服务商无资质"}])
    assert risks(score(data)) == [("5.3", "AD-1", None, "high")]


def test_added_duplicate_of_automatic_candidate_is_merged(score: Score) -> None:
    data = build_case(
        units={"AD-5": [obj("x", d="×")]},
        decisions=[{"item": "9.3", "unit": "AD-5", "object": "x", "decision": "added", "reason": "r"}],
    )
    result = score(data)
    assert risks(result) == [("9.3", "AD-5", "x", "high")]
    assert result.high_risks[0].origin == "auto" and result.high_risks[0].reason == "r"
    assert any("已自动识别" in str(w) for w in result.warnings)


def test_added_below_item_level_is_a_notice(score: Score) -> None:
    data = build_case(decisions=[{"item": "7.3", "unit": "NC-5", "decision": "added", "reason": "测评人员判定"}])
    result = score(data)
    assert risks(result) == [("7.3", "NC-5", None, "high")]
    assert any("自第四级起适用" in str(w) for w in result.warnings)


def test_unmatched_decision_is_a_warning(score: Score) -> None:
    data = build_case(
        units={"DC-2": [obj("运维通道")]},
        decisions=[{"item": "8.2", "unit": "DC-2", "object": "运维通道", "decision": "mitigated", "reason": "带外"}],
    )
    result = score(data)
    assert risks(result) == []
    assert [str(w) for w in result.warnings] == [
        "risk_decisions[0]: 没有匹配的高风险候选项（8.2 DC-2/运维通道），该决定未生效"
    ]


def test_decision_object_must_match_exactly(score: Score) -> None:
    data = build_case(
        units={"DC-2": [obj("a", d="×")]},
        decisions=[{"item": "8.2", "unit": "DC-2", "object": "b", "decision": "mitigated"}],
    )
    result = score(data)
    assert risks(result) == [("8.2", "DC-2", "a", "high")]
    assert len(result.warnings) == 1


def test_management_decision_and_10_2_special_mitigation(score: Score) -> None:
    data = build_case(
        units={"BO-1": "不符合", "MS-1": "不符合"},
        decisions=[{"item": "10.2", "unit": "BO-1", "decision": "mitigated", "reason": "无其他高风险"}],
    )
    result = score(data)
    assert risks(result) == [("10.1", "MS-1", None, "high"), ("10.2", "BO-1", None, "mitigated")]
    assert any("10.2 已判为缓解，但仍存在其他高风险" in str(w) for w in result.warnings)
    alone = score(build_case(units={"BO-1": "不符合"}, decisions=data["risk_decisions"]))
    assert risks(alone) == [("10.2", "BO-1", None, "mitigated")] and alone.warnings == ()
    assert alone.conclusion == "基本符合"


def test_risks_are_ordered_by_item_unit_object(score: Score) -> None:
    data = build_case(
        units={
            "AD-1": [obj("z", d="×", algorithms=["MD5"])],
            "NC-1": [obj("b", d="×"), obj("a", algorithms=["DES"])],
            "MS-1": "不符合",
        }
    )
    assert risks(score(data)) == [
        ("5.1", "NC-1", "a", "high"),
        ("5.1", "AD-1", "z", "high"),
        ("7.1", "NC-1", "b", "high"),
        ("9.1", "AD-1", "z", "high"),
        ("10.1", "MS-1", None, "high"),
    ]


def test_mitigation_never_changes_the_score(score: Score) -> None:
    units = {"DC-2": [obj("x", d="×")]}
    plain = score(build_case(units=units))
    mitigated = score(build_case(units=units, decisions=[{"item": "8.2", "unit": "DC-2", "decision": "mitigated"}]))
    assert plain.total == mitigated.total
    assert (plain.conclusion, mitigated.conclusion) == ("不符合", "基本符合")
