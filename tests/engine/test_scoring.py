from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from app.core.errors import InputError
from app.mipin.engine import ScoreResult, UntestedError, parse_case, score_case
from app.mipin.engine.rounding import q2, q4

from .conftest import build_case, obj

Score = Callable[..., ScoreResult]
D = Decimal


def object_score(result: ScoreResult, unit: str, index: int = 0) -> Any:
    return result.unit(unit).objects[index]


# -- 1. object table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (("√", "√", "√"), "1.0000"),
        (("√", "×", "√"), "0.5000"),
        (("√", "√", "×"), "0.5000"),
        (("√", "×", "×"), "0.2500"),
        (("×", "√", "√"), "0.0000"),
        (("×", "×", "×"), "0.0000"),
        (("×", "/", "/"), "0.0000"),
    ],
)
def test_object_table(score: Score, marks: tuple[str, str, str], expected: str) -> None:
    d, a, k = marks
    result = score(build_case(units={"NC-4": [obj(d=d, a=a, k=k)]}))
    o = object_score(result, "NC-4")
    assert str(o.raw) == expected and o.status == "scored"
    assert str(result.unit("NC-4").score) == expected


def test_excluded_object_is_left_out_of_the_mean(score: Score) -> None:
    result = score(build_case(units={"NC-4": [obj("a", d="×"), obj("b", d="/", a="/", k="/"), obj("c")]}))
    assert object_score(result, "NC-4", 1).status == "excluded"
    assert object_score(result, "NC-4", 1).raw is None
    assert result.unit("NC-4").score == D("0.5000")


# -- 2. Ra -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("algorithms", "ra"),
    [
        ([], "1"),
        (["SM2", "SM3", "SM4"], "1"),
        (["AES-128"], "1"),
        (["3DES-3KEY"], "1"),
        (["RSA-2048"], "1"),
        (["ECDSA-P224"], "1"),
        (["HMAC-SHA1"], "1"),
        (["SHA-224"], "1"),
        (["RSA-1024"], "0.5"),
        (["3DES-2KEY"], "0.5"),
        (["ECDSA-P192"], "0.5"),
        (["DES"], "0.2"),
        (["MD5"], "0.2"),
        (["SHA-1"], "0.2"),
        (["RSA-512"], "0.2"),
        (["AES-256", "RSA-1024", "SM4"], "0.5"),
        (["AES-256", "ECDSA-P192", "MD5"], "0.2"),
    ],
)
def test_ra_from_weakest_non_approved_algorithm(score: Score, algorithms: list[str], ra: str) -> None:
    result = score(build_case(units={"NC-4": [obj(a="×", algorithms=algorithms)]}))
    o = object_score(result, "NC-4")
    assert o.ra == D(ra)
    assert o.raw == q4(D("0.5") * D(ra))


@pytest.mark.parametrize("ra", [1, 0.5, 0.2])
def test_explicit_ra_overrides_algorithms(score: Score, ra: float) -> None:
    result = score(build_case(units={"NC-4": [obj(a="×", algorithms=["MD5"], ra=ra)]}))
    assert object_score(result, "NC-4").ra == D(str(ra))
    # `ra` is only used when A is ×
    result = score(build_case(units={"NC-4": [obj(a="√", k="√", ra=ra)]}))
    assert object_score(result, "NC-4").raw == D(1)


# -- 3. Rk -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "unit", "module_level", "hazards", "rk"),
    [
        (3, "NC-4", 1, [], "1.2"),
        (3, "NC-4", 2, [], "1"),
        (3, "NC-4", None, [], "1"),
        (3, "NC-4", 1, ["A.3.3"], "1"),
        (4, "NC-4", 2, [], "1.5"),
        (4, "NC-4", 1, [], "1"),
        (4, "NC-4", 2, ["密钥明文存储"], "1"),
        (2, "NC-4", 1, [], "1"),
        (1, "NC-4", 1, [], "1"),
    ],
)
def test_rk(score: Score, level: int, unit: str, module_level: int | None, hazards: list[str], rk: str) -> None:
    extra: dict[str, Any] = {"key_hazards": hazards}
    if module_level is not None:
        extra["module_level"] = module_level
    result = score(build_case(level=level, units={unit: [obj(k="×", **extra)]}))
    o = object_score(result, unit)
    assert o.rk == D(rk)
    assert o.raw == q4(D("0.5") * D(rk))


def test_both_corrections(score: Score) -> None:
    result = score(build_case(units={"NC-4": [obj(a="×", k="×", algorithms=["RSA-1024"], module_level=1)]}))
    assert object_score(result, "NC-4").raw == D("0.1500")  # 0.25 × 0.5 × 1.2
    result = score(build_case(level=4, units={"NC-4": [obj(a="×", k="×", ra=0.5, rk=1.5)]}))
    assert object_score(result, "NC-4").raw == D("0.1875")


@pytest.mark.parametrize(
    ("level", "rk", "allowed"),
    [
        (1, 1, True), (1, 1.2, False), (2, 1.2, False), (2, 1.5, False), (3, 1.2, True), (3, 1.5, False),
        (4, 1.5, True), (4, 1.2, False), (3, 1.0, True), (4, 2, False),
    ],
)  # fmt: skip
def test_rk_is_checked_against_the_level(level: int, rk: float, allowed: bool) -> None:
    data = build_case(level=level, units={"NC-4": [obj(k="×", rk=rk)]})
    if allowed:
        unit = parse_case(data).unit("NC-4")
        assert unit is not None and unit.objects[0].rk == D(str(rk))
        return
    with pytest.raises(InputError) as err:
        parse_case(data)
    index = [u["id"] for u in data["units"]].index("NC-4")
    expected = {1: "第1级只允许 1", 2: "第2级只允许 1", 3: "第3级只允许 1 或 1.2", 4: "第4级只允许 1 或 1.5"}[level]
    assert str(err.value) == f"units[{index}].objects[0].rk: {expected}"


@pytest.mark.parametrize(
    ("ra", "allowed"), [(1, True), (0.5, True), (0.2, True), (0.25, False), (0, False), ("1", False)]
)
def test_ra_must_be_one_of_the_table_values(ra: Any, allowed: bool) -> None:
    data = build_case(level=2, units={"NC-4": [obj(a="×", ra=ra)]})
    if allowed:
        parse_case(data)
        return
    with pytest.raises(InputError, match=r"objects\[0\]\.ra: 只允许 1、0.5 或 0.2$"):
        parse_case(data)


def test_the_allowed_factor_values_are_data(cat: Any) -> None:
    rules = cat.rules
    assert rules.ra_allowed == (D(1), D("0.5"), D("0.2"))
    assert [(lv, rules.allowed_rk(lv)) for lv in (1, 2, 3, 4)] == [
        (1, (D(1),)), (2, (D(1),)), (3, (D(1), D("1.2"))), (4, (D(1), D("1.5")))
    ]  # fmt: skip


def test_factor_rule_for_the_casework_edits() -> None:
    from app.mipin.engine.factors import check_factor, factor_conflicts, parse_factor_text

    assert parse_factor_text("rk", "1.2", 3) == D("1.2")
    assert parse_factor_text("rk", "", 3) is None
    with pytest.raises(InputError) as err:
        parse_factor_text("rk", "1.5", 3, "rk")
    assert str(err.value) == "rk: 第3级只允许 1 或 1.2"
    with pytest.raises(InputError, match=r"只允许 1、0\.5 或 0\.2"):
        parse_factor_text("ra", "abc", 3)
    with pytest.raises(InputError, match=r"第4级只允许 1 或 1\.5"):
        check_factor("rk", D("1.2"), 4, "units[0].objects[0].rk")
    case = parse_case(build_case(level=4, units={"NC-4": [obj(k="×", rk=1.5)]}))
    index = [u.id for u in case.units].index("NC-4")
    assert [str(e) for e in factor_conflicts(case, 3)] == [f"units[{index}].objects[0].rk: 第3级只允许 1 或 1.2"]
    assert factor_conflicts(case, 4) == ()


def test_a_cross_without_a_listed_algorithm_warns_that_ra_is_1(score: Score) -> None:
    from app.mipin.explain import RA_ASSUMED_NOTE, as_text, explain

    objects = [
        obj("证书未认证", a="×"),
        obj("有算法", a="×", algorithms=["SM4"]),
        obj("给定", a="×", ra=1),
        obj("弱", a="×", algorithms=["RSA-1024"]),
    ]
    data = build_case(units={"NC-4": objects})
    result = score(data)
    index = [u["id"] for u in data["units"]].index("NC-4")
    assert RA_ASSUMED_NOTE == "A 为 × 但未列出非合规算法，按 Ra = 1 计"
    warned = [str(w) for w in result.warnings if RA_ASSUMED_NOTE in w.message]
    # SM4 is approved, so "有算法" lists no *non-compliant* algorithm either; an explicit ra is the assessor's call.
    assert warned == [f"units[{index}].objects[{j}].A: {RA_ASSUMED_NOTE}" for j in (0, 1)]
    assert [o.ra_assumed for o in result.unit("NC-4").objects] == [True, True, False, False]
    assert result.unit("NC-4").objects[0].ra == D(1)
    popup = as_text(explain(result, "object", "NC-4/证书未认证"))
    assert f"注：{RA_ASSUMED_NOTE}" in popup
    assert RA_ASSUMED_NOTE not in as_text(explain(result, "object", "NC-4/弱"))
    assert popup.count(RA_ASSUMED_NOTE) == 1 and f"注：{RA_ASSUMED_NOTE}" in as_text(explain(result, "unit", "NC-4"))


# -- 4. compensation -----------------------------------------------------------------------------------


def comp(unit: str, o: str, from_unit: str, from_o: str) -> dict[str, str]:
    return {"unit": unit, "object": o, "from_unit": from_unit, "from_object": from_o}


def test_compensation_raises_target_to_half_the_source(score: Score) -> None:
    data = build_case(units={"NC-3": [obj("边界", d="×")]}, compensations=[comp("NC-3", "边界", "AD-4", "对象")])
    o = object_score(score(data), "NC-3")
    assert (o.raw, o.score) == (D("0.0000"), D("0.5000"))
    assert o.compensated_by == ("AD-4/对象",)


def test_compensation_keeps_a_higher_target(score: Score) -> None:
    data = build_case(
        units={"AD-6": [obj("传输", a="×", algorithms=["3DES-2KEY"])], "NC-2": [obj("边界", k="×", module_level=1)]},
        compensations=[comp("NC-2", "边界", "AD-6", "传输")],
    )
    o = object_score(score(data), "NC-2")
    assert (o.raw, o.score) == (D("0.6000"), D("0.6000"))


@pytest.mark.parametrize(("target", "source"), [("NC-2", "AD-6"), ("AD-6", "NC-2"), ("NC-3", "AD-4"), ("AD-4", "NC-3")])
def test_compensation_in_both_directions(score: Score, target: str, source: str) -> None:
    data = build_case(units={target: [obj("t", d="×")]}, compensations=[comp(target, "t", source, "对象")])
    assert object_score(score(data), target).score == D("0.5000")


def test_compensation_rounds_half_up_and_uses_uncompensated_sources(score: Score) -> None:
    # Level 4: 0.25 × 0.5 × 1.5 = 0.1875 is the only way to a compensation that needs rounding.
    data = build_case(
        level=4,
        units={
            "NC-3": [obj("t", d="×"), obj("u", d="×")],
            "AD-4": [obj("s", a="×", k="×", ra=0.5, rk=1.5), obj("z", d="×")],
        },
        compensations=[comp("NC-3", "t", "AD-4", "s"), comp("AD-4", "z", "NC-3", "u"), comp("NC-3", "u", "AD-4", "s")],
    )
    result = score(data)
    assert object_score(result, "NC-3", 0).score == D("0.0938")  # 0.5 × 0.1875 = 0.09375 → 0.0938
    # AD-4/z is compensated by NC-3/u's *uncompensated* score 0, not by its compensated 0.0938
    assert object_score(result, "AD-4", 1).score == D("0.0000")
    assert result.unit("NC-3").score == D("0.0938")


def test_several_sources_take_the_lowest(score: Score) -> None:
    # One channel carrying two data flows (FAQ 30, 就低原则): PB' = MAX(0.5 × MIN(PA1, PA2), PB).
    data = build_case(
        units={"NC-3": [obj("t", d="×")], "AD-4": [obj("low", a="×", ra=0.2), obj("high")]},
        compensations=[comp("NC-3", "t", "AD-4", "low"), comp("NC-3", "t", "AD-4", "high")],
    )
    o = object_score(score(data), "NC-3")
    assert o.score == D("0.0500")  # 0.5 × min(0.1, 1); the maximum would give 0.5
    assert o.compensated_by == ("AD-4/low", "AD-4/high")
    assert o.compensation_formula == (
        "S'(NC-3/t) = max(0.5 × min(S(AD-4/low), S(AD-4/high)), S(NC-3/t)) = "
        "max(0.5 × min(0.1000, 1.0000), 0.0000) = 0.0500（多个弥补来源按就低原则取最低者）"
    )


def test_a_source_without_cryptography_means_no_compensation(score: Score) -> None:
    # "只要其中某条未采用密码技术，A 就无法被弥补": one source scoring 0 leaves the target as it is.
    data = build_case(
        units={"NC-3": [obj("t", k="×")], "AD-4": [obj("sm4"), obj("plain", d="×")]},
        compensations=[comp("NC-3", "t", "AD-4", "sm4"), comp("NC-3", "t", "AD-4", "plain")],
        decisions=[{"item": "9.2", "unit": "AD-4", "decision": "confirmed", "reason": "明文传输"}],
    )
    o = object_score(score(data), "NC-3")
    assert (o.raw, o.score) == (D("0.5000"), D("0.5000"))


def test_several_sources_use_uncompensated_scores_and_one_flow_over_two_channels(score: Score) -> None:
    # One data flow (AD-4/flow) over two channels (NC-3/a, NC-3/b): each channel compensates the flow.
    data = build_case(
        units={"NC-3": [obj("a", a="×", ra=0.5), obj("b", d="×")], "AD-4": [obj("flow", d="×")]},
        compensations=[
            comp("AD-4", "flow", "NC-3", "a"),
            comp("AD-4", "flow", "NC-3", "b"),
            comp("NC-3", "b", "AD-4", "flow"),
        ],
        decisions=[{"item": "7.2", "unit": "NC-3", "decision": "confirmed", "reason": "测试"}],
    )
    result = score(data)
    # min(0.25, 0) = 0 from the *uncompensated* NC-3/b (its compensated score stays 0 too).
    assert object_score(result, "AD-4").score == D("0.0000")
    assert object_score(result, "NC-3", 1).score == D("0.0000")


def test_single_source_is_unchanged(score: Score) -> None:
    data = build_case(
        units={"NC-3": [obj("t", d="×")], "AD-4": [obj("s", a="×", ra=0.5)]},
        compensations=[comp("NC-3", "t", "AD-4", "s")],
    )
    o = object_score(score(data), "NC-3")
    assert o.score == D("0.1250")
    assert o.compensation_formula == "S'(NC-3/t) = max(0.5 × S(AD-4/s), S(NC-3/t)) = max(0.5 × 0.2500, 0.0000) = 0.1250"


# -- 5-7. units, N/A, layers -----------------------------------------------------------------------------


def test_technical_unit_mean_rounds_half_up(score: Score) -> None:
    objects = [obj("o0", a="×", k="×", ra=0.2)] + [obj(f"o{i}", d="×") for i in range(1, 8)]
    result = score(build_case(units={"NC-4": objects}))
    # mean = 0.05 / 8 = 0.00625 → 0.0063 (half-even would give 0.0062)
    assert result.unit("NC-4").score == D("0.0063")


def test_management_scores(score: Score) -> None:
    result = score(build_case(units={"MS-2": "部分符合", "MS-3": "不符合"}))
    assert [result.unit(u).score for u in ("MS-1", "MS-2", "MS-3")] == [D("1.0000"), D("0.5000"), D("0.0000")]
    assert [result.unit(u).verdict for u in ("MS-1", "MS-2", "MS-3")] == ["符合", "部分符合", "不符合"]


def test_na_units_drop_out_of_the_layer(score: Score) -> None:
    result = score(build_case(units={"PE-1": [obj(d="×")]}, na=["PE-3"]))
    # PE = (1 × 0 + 0.7 × 1) / (1 + 0.7) = 0.41176 → 0.4118
    assert result.layer("PE").score == D("0.4118")
    assert result.unit("PE-3").score is None and result.unit("PE-3").verdict == "不适用"


def test_unit_with_only_excluded_objects_is_na(score: Score) -> None:
    result = score(build_case(units={"PE-3": [obj(d="/", a="/", k="/")]}))
    assert result.unit("PE-3").score is None and not result.unit("PE-3").applicable


def test_unit_without_objects_is_na_with_warning(score: Score) -> None:
    result = score(build_case(units={"PE-3": {"objects": []}}))
    assert result.unit("PE-3").score is None
    assert any("按不适用处理" in str(w) for w in result.warnings)


def test_whole_layer_na_drops_out_of_the_group(score: Score) -> None:
    result = score(build_case(units={"NC-4": [obj(d="×")]}, na=["PE-1", "PE-2", "PE-3"]))
    assert result.layer("PE").score is None
    # NC = (3.5 - 0.4) / 3.5 = 0.8857; technical = 70 × (20 × 0.8857 + 10 + 30) / 60
    assert result.layer("NC").score == D("0.8857")
    assert result.total == q2(D(70) * (D(20) * D("0.8857") + 40) / 60 + 30)


@pytest.mark.parametrize("group_layers", [("PE", "NC", "DC", "AD"), ("MS", "PM", "BO", "ER")])
def test_wholly_na_group_is_an_input_error(cat: Any, group_layers: tuple[str, ...]) -> None:
    na = [u.id for u in cat.units_for_level(3) if u.layer in group_layers]
    with pytest.raises(InputError) as err:
        score_case(parse_case(build_case(na=na)))
    assert err.value.field == "units"
    assert "所有层面均不适用" in err.value.reason


def test_layer_weighted_mean_uses_level_weights(score: Score) -> None:
    result = score(build_case(level=4, units={"NC-5": [obj(d="×", a="×", k="×")]}, decisions=[
        {"item": "7.3", "unit": "NC-5", "decision": "dismissed", "reason": "测试"}]))  # fmt: skip
    # level 4: NC weights 1, 1, 1, 0.7, 0.7 → NC = 3.7 / 4.4 = 0.84091
    assert result.layer("NC").score == D("0.8409")


# -- 8. total and rounding --------------------------------------------------------------------------------


def test_total_rounds_half_up_to_two_places(score: Score) -> None:
    objects = [obj("a"), obj("b"), obj("c", a="×", k="×", ra=1, rk=1.2), obj("d", a="×", k="×", ra=0.5, rk=1.2)]
    result = score(build_case(units={"PE-1": objects}, na=["PE-2", "PE-3"]))
    # PE-1 = (1 + 1 + 0.3 + 0.15) / 4 = 0.6125; total = 10 × 0.6125 + 90 = 96.125 → 96.13 (half-even: 96.12)
    assert result.unit("PE-1").score == D("0.6125")
    assert result.total == D("96.13")
    assert str(result.total) == "96.13"


def test_rounding_helpers() -> None:
    assert q4(D("0.00625")) == D("0.0063")
    assert q4(D("0.00624999")) == D("0.0062")
    assert q2(D("96.125")) == D("96.13")
    assert q2(D("73.195")) == D("73.20")


def test_all_conform_is_100(score: Score) -> None:
    result = score(build_case(na=["NC-5"]))
    assert result.total == D("100.00") and result.conclusion == "符合"
    assert result.counts.as_dict() == {"符合": 40, "部分符合": 0, "不符合": 0, "不适用": 1}


def example_units(pe_na: bool) -> tuple[dict[str, Any], list[str]]:
    half = [obj(a="×", algorithms=["AES-256"])]
    units: dict[str, Any] = {}
    for u in ("PE-1", "PE-2", "PE-3"):
        units[u] = half
    for u in ("NC-1", "NC-2", "NC-3", "NC-4", "NC-5"):
        units[u] = [obj("a"), obj("b", k="×", module_level=1)]
    for u in ("DC-1", "DC-2", "DC-3", "DC-4", "DC-5", "DC-6"):
        units[u] = [obj(k="×", module_level=1)]
    units["AD-5"] = [obj("db", algorithms=["SM4"]), obj("files", a="×", algorithms=["AES-256"])]
    units["AD-1"] = [obj("a"), obj("b", a="×", k="×", module_level=1)]
    for u in ("AD-2", "AD-3", "AD-4", "AD-6", "AD-7", "AD-8"):
        units[u] = [obj("a"), obj("b", k="×", module_level=1), obj("c", a="×")]
    for u in ("MS-5", "MS-6", "PM-5", "BO-3", "BO-4"):
        units[u] = "部分符合"
    units["BO-5"] = "不符合"
    return units, (["PE-1", "PE-2", "PE-3"] if pe_na else [])


@pytest.mark.parametrize(("pe_na", "total"), [(False, "73.20"), (True, "75.37")])
def test_worked_examples(score: Score, pe_na: bool, total: str) -> None:
    units, na = example_units(pe_na)
    result = score(build_case(units=units, na=na))
    assert result.unit("AD-5").score == D("0.7500")
    expected_layers = {"NC": "0.8000", "DC": "0.6000", "AD": "0.7000", "MS": "0.8444", "PM": "0.9079", "BO": "0.6477"}
    for code, value in expected_layers.items():
        assert result.layer(code).score == D(value)
    assert result.layer("PE").score == (None if pe_na else D("0.5000"))
    assert result.total == D(total)
    assert result.conclusion == "基本符合"


# -- 9. verdicts, counts, untested, partial ---------------------------------------------------------------


def test_counts_cover_the_level_catalogue(score: Score) -> None:
    result = score(build_case(level=1, units={"PE-1": [obj(d="×")], "NC-1": [obj(a="×")]}, na=["ER-1"]))
    assert result.counts.as_dict() == {"符合": 21, "部分符合": 1, "不符合": 1, "不适用": 1}
    assert result.counts.total == 24


def test_untested_without_partial_raises(cat: Any) -> None:
    data = build_case(
        missing=["PE-3", "ER-2"], units={"NC-1": [obj("a"), obj("b", d=None)], "MS-2": {"record": "待测"}}
    )
    with pytest.raises(UntestedError) as err:
        score_case(parse_case(data))
    assert [str(i) for i in err.value.items] == ["PE-3", "NC-1/b", "MS-2", "ER-2"]
    assert err.value.field == "units"
    assert isinstance(err.value, InputError)
    assert "有 4 项未测：PE-3、NC-1/b、MS-2、ER-2" in str(err.value)


def test_partial_counts_untested_as_zero_and_gives_a_range(score: Score) -> None:
    data = build_case(missing=["PE-3"], units={"NC-1": [obj("a"), obj("b", d=None)], "MS-2": {"record": "待测"}})
    result = score(data, partial=True)
    assert result.unit("PE-3").score == D("0.0000") and not result.unit("PE-3").tested
    assert result.unit("NC-1").score == D("0.5000")
    assert result.unit("MS-2").score == D("0.0000")
    assert result.range is not None
    assert result.range.min == result.total
    assert result.range.max == D("100.00")
    # PE = 1.7 / 2.4 = 0.7083; NC = 3.0 / 3.5 = 0.8571; MS = 3.8 / 4.5 = 0.8444
    expected = q2(D(10) * D("0.7083") + D(20) * D("0.8571") + 40 + 8 * D("0.8444") + 22)
    assert result.total == expected
    assert [str(i) for i in result.untested] == ["PE-3", "NC-1/b", "MS-2"]


def test_partial_without_untested_has_equal_range(score: Score) -> None:
    result = score(build_case(units={"NC-4": [obj(a="×")]}), partial=True)
    assert result.range is not None and result.range.min == result.range.max == result.total


# -- explanation ---------------------------------------------------------------------------------------------


def test_explanation_trace(score: Score) -> None:
    units, na = example_units(True)
    result = score(build_case(units=units, na=na))
    texts = {(e.scope, e.key): e.text for e in result.explanation}
    assert texts[("unit", "AD-5")] == "S(AD-5) = (1.0000 + 0.5000) / 2 = 0.7500"
    assert texts[("object", "AD-5/files")].startswith(
        "S(AD-5/files) = 0.5 × Ra = 0.5 × 1 = 0.5000（D=√ A=× K=√；Ra = 1："
    )
    assert texts[("object", "NC-1/b")].startswith("S(NC-1/b) = 0.5 × Rk = 0.5 × 1.2 = 0.6000")
    assert texts[("unit", "MS-5")] == "S(MS-5) = 0.5000（部分符合）"
    assert texts[("unit", "PE-1")] == "S(PE-1)：不适用（测试：不适用）"
    assert texts[("layer", "PE")] == "S(PE)：不适用（层面内测评单元均不适用）"
    assert texts[("layer", "DC")] == (
        "S(DC) = (1 × 0.6000 + 1 × 0.6000 + 0.4 × 0.6000 + 0.4 × 0.6000 + 0.4 × 0.6000 + 0.7 × 0.6000)"
        " / (1 + 1 + 0.4 + 0.4 + 0.4 + 0.7) = 0.6000"
    )
    assert texts[("group", "technical")] == (
        "密码应用技术部分 = 70 × (20 × 0.8000 + 10 × 0.6000 + 30 × 0.7000) / (20 + 10 + 30) ≈ 50.1667"
    )
    assert texts[("group", "management")].endswith("= 25.2000")
    assert texts[("total", "total")] == "S = 50.1667 + 25.2000 = 75.37（按未舍入的两部分之和四舍五入保留 2 位小数）"
    assert texts[("conclusion", "conclusion")].startswith("结论：基本符合")
    scopes = [e.scope for e in result.explanation]
    assert scopes.index("layer") > scopes.index("unit") and scopes[-2:] == ["total", "conclusion"]
    # every number has its formula on the result tree too
    assert result.unit("AD-5").formula == texts[("unit", "AD-5")]
    assert result.layer("DC").formula == texts[("layer", "DC")]
    assert result.groups[0].formula == texts[("group", "technical")]


def test_compensation_explanation(score: Score) -> None:
    data = build_case(
        level=4,
        units={"NC-3": [obj("t", d="×")], "AD-4": [obj("s", a="×", k="×", ra=0.5, rk=1.5)]},
        compensations=[comp("NC-3", "t", "AD-4", "s")],
    )
    result = score(data)
    o = object_score(result, "NC-3")
    assert o.compensation_formula == "S'(NC-3/t) = max(0.5 × S(AD-4/s), S(NC-3/t)) = max(0.5 × 0.1875, 0.0000) = 0.0938"
    assert ("compensation", "NC-3/t") in {(e.scope, e.key) for e in result.explanation}


def test_untested_and_excluded_explanations(score: Score) -> None:
    data = build_case(missing=["PE-3"], units={"NC-1": [obj("a"), obj("b", d=None), obj("c", d="/", a="/", k="/")]})
    texts = {(e.scope, e.key): e.text for e in score(data, partial=True).explanation}
    assert texts[("unit", "PE-3")] == "S(PE-3) = 0.0000（未测，按 0 计）"
    assert texts[("object", "NC-1/b")] == "S(NC-1/b) = 0.0000（未测，按 0 计）"
    assert texts[("object", "NC-1/c")] == "S(NC-1/c)：D、A、K 均为 “/”，对象不适用，不计入平均"
    assert texts[("unit", "NC-1")] == "S(NC-1) = (1.0000 + 0.0000) / 2 = 0.5000"


def test_untested_is_not_nonconform(score: Score) -> None:
    data = build_case(
        missing=["PE-3"],
        units={
            "NC-1": [obj("a"), obj("b", d=None)],
            "NC-4": [obj("c", d="√", a="√", k=None)],
            "MS-2": {"record": "待测"},
        },
    )
    result = score(data, partial=True)
    assert [u.verdict for u in (result.unit(x) for x in ("PE-3", "NC-1", "NC-4", "MS-2"))] == ["未测"] * 4
    assert result.counts.as_dict(with_untested=True) == {"符合": 37, "部分符合": 0, "不符合": 0, "不适用": 0, "未测": 4}
    assert result.counts.total == 41 and result.counts.tested == 37
    assert result.untested_units == ("PE-3", "NC-1", "NC-4", "MS-2")
    # the 0-filled minimum stays the score of each untested unit and of the total
    assert (result.unit("NC-1").score, result.unit("PE-3").score) == (D("0.5000"), D("0.0000"))
    assert result.range is not None and result.range.min == result.total


def test_a_tested_case_keeps_its_counts(score: Score) -> None:
    result = score(build_case(units={"MS-2": "部分符合"}))
    assert result.counts.as_dict() == {"符合": 40, "部分符合": 1, "不符合": 0, "不适用": 0}
    assert result.counts.untested == 0 and result.untested_units == ()
