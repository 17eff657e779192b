from decimal import Decimal
from typing import Any

import pytest

from app.mipin.engine import decide_conclusion

from .conftest import build_case, obj

D = Decimal


@pytest.mark.parametrize(
    ("total", "threshold", "open_risks", "conclusion"),
    [
        ("100.00", "60", 0, "符合"),
        ("100.00", "60", 1, "不符合"),
        ("99.99", "60", 0, "基本符合"),
        ("60.00", "60", 0, "基本符合"),
        ("59.99", "60", 0, "不符合"),
        ("75.00", "60", 2, "不符合"),
        ("65.00", "70", 0, "不符合"),
        ("70.00", "70", 0, "基本符合"),
        ("0.00", "0", 0, "基本符合"),
        ("100.00", "100", 0, "符合"),
        ("99.00", "100", 0, "不符合"),
    ],
)
def test_conclusion_table(total: str, threshold: str, open_risks: int, conclusion: str) -> None:
    result, reason = decide_conclusion(D(total), D(threshold), open_risks)
    assert result == conclusion
    assert reason


def test_reasons() -> None:
    assert decide_conclusion(D("80.00"), D(60), 2)[1] == "存在 2 项未缓解的高风险"
    assert decide_conclusion(D("80.00"), D(60), 0)[1] == "综合得分 80.00 ≥ 阈值 60，且无未缓解的高风险"
    assert decide_conclusion(D("50.00"), D("60.5"), 0)[1] == "综合得分 50.00 < 阈值 60.5"


def test_threshold_from_the_case(score) -> None:
    units = {u: [obj(a="×")] for u in ("DC-1", "DC-2", "DC-3", "DC-4", "DC-5", "DC-6")}
    units.update({u: [obj(a="×")] for u in ("AD-1", "AD-2", "AD-3", "AD-4", "AD-5", "AD-6", "AD-7", "AD-8")})
    base = build_case(units=units)
    assert score(base).total == D("80.00")  # 10 + 20 + 5 + 15 + 30
    assert score(base).conclusion == "基本符合"
    assert score(build_case(units=units, threshold=80)).conclusion == "基本符合"
    assert score(build_case(units=units, threshold=80.01)).conclusion == "不符合"
    assert score(build_case(units=units, threshold=90)).threshold == 90


# -- untested items (issue #10, 2.1) ------------------------------------------------------------------------


def rng(low: str, high: str) -> Any:
    from app.mipin.engine import ScoreRange

    return ScoreRange(D(low), D(high))


@pytest.mark.parametrize(
    ("low", "high", "open_risks", "risk_units", "conclusion"),
    [
        ("70.00", "90.00", 1, (), "不符合"),  # an open high risk exists already
        ("40.00", "59.99", 0, (), "不符合"),  # even all untested as 符合 stays below the threshold
        ("40.00", "59.99", 0, ("NC-1",), "不符合"),
        ("55.00", "90.00", 0, (), "暂不下结论"),  # range.min below the threshold
        ("70.00", "90.00", 0, ("MS-1",), "暂不下结论"),  # an untested unit could raise a high risk
        ("70.00", "100.00", 0, (), "暂不下结论"),  # could still be 符合
        ("60.00", "99.99", 0, (), "基本符合"),
        ("70.00", "90.00", 0, (), "基本符合"),
    ],
)
def test_conclusion_with_untested_items(
    low: str, high: str, open_risks: int, risk_units: tuple[str, ...], conclusion: str
) -> None:
    result, reason = decide_conclusion(D(low), D(60), open_risks, untested_range=rng(low, high), risk_units=risk_units)
    assert result == conclusion and reason


def test_reasons_with_untested_items() -> None:
    assert decide_conclusion(D("40.00"), D(60), 0, untested_range=rng("40.00", "59.99"))[1] == (
        "即使未测项全部符合，综合得分最高 59.99 < 阈值 60"
    )
    reason = decide_conclusion(
        D("55.00"), D(60), 0, untested_range=rng("55.00", "100.00"), risk_units=("NC-1", "BO-1")
    )[1]
    assert reason == (
        "未测项按 0～1 计时综合得分为 55.00～100.00，可能低于阈值 60；未测的 NC-1、BO-1 仍可能判定高风险；"
        "未测项全部符合时综合得分可达 100 分"
    )


def test_untested_units_that_could_raise_a_high_risk(score: Any) -> None:
    # Level 3: PE-3 (no guide item) and PM-2 untested, MS-2 部分符合 keeps range.max below 100 → 基本符合.
    base = build_case(missing=["PE-3"], units={"MS-2": "部分符合", "PM-2": {"record": "待测"}})
    result = score(base, partial=True)
    assert result.untested_units == ("PE-3", "PM-2")
    assert result.range is not None and result.range.min >= 60 and result.range.max < 100
    assert result.conclusion == "基本符合"
    # The same with MS-1 untested: 10.1 can still be raised from level 2 → 暂不下结论.
    pending = score(build_case(missing=["PE-3", "MS-1"], units={"MS-2": "部分符合"}), partial=True)
    assert pending.conclusion == "暂不下结论" and "MS-1" in pending.conclusion_reason
    # BO-1 at level 1 has no high risk (10.2 applies from level 2); PE-1 neither (6.1 from level 2).
    level1 = score(build_case(level=1, missing=["BO-1", "PE-1"], units={"MS-2": "部分符合"}), partial=True)
    assert level1.conclusion == "基本符合", level1.conclusion_reason
    level2 = score(build_case(level=2, missing=["PE-1"], units={"MS-2": "部分符合"}), partial=True)
    assert level2.conclusion == "暂不下结论" and "PE-1" in level2.conclusion_reason
    # A fully tested case scored with partial keeps the plain rule.
    full = score(build_case(units={"MS-2": "部分符合"}), partial=True)
    assert full.conclusion == "基本符合" and full.untested_units == ()


def test_open_high_risk_decides_even_with_untested_items(score: Any) -> None:
    result = score(build_case(missing=["PE-3"], units={"DC-2": [obj("运维通道", d="×")]}), partial=True)
    assert result.conclusion == "不符合" and result.conclusion_reason == "存在 1 项未缓解的高风险"
