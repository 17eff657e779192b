from decimal import Decimal

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
