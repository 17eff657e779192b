"""The assessment conclusion (量化评估规则 2023 §6 and 高风险判定指引), with untested items.

Everything tested:

=====================================  ==========
Condition                              Conclusion
=====================================  ==========
any risk still ``high``                不符合
otherwise, total = 100                 符合
otherwise, total ≥ threshold (60)      基本符合
otherwise                              不符合
=====================================  ==========

Something untested (``range`` = the total with the untested items taken as 0 and as 1):

1. 不符合 if an open high risk exists already, or if ``range.max`` is below the threshold;
2. otherwise 暂不下结论 if ``range.min`` is below the threshold, or an untested unit could
   still raise a high risk at this level (a unit of the high-risk guide, e.g. MS-1 / BO-1 from
   level 2), or ``range.max`` is 100;
3. otherwise 基本符合.

Mitigations can change the conclusion (by changing a risk's status) but never the score. The
score panel, the 高风险判定 header and the report all show ``ScoreResult.conclusion``, which is
this rule, so they always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from app.mipin.engine.case import CONFORM, NONCONFORM
from app.mipin.engine.results import ScoreRange
from app.mipin.engine.rounding import HUNDRED, plain

BASICALLY_CONFORM = "基本符合"
PENDING = "暂不下结论"
CONCLUSIONS = (CONFORM, BASICALLY_CONFORM, NONCONFORM, PENDING)


def decide_conclusion(
    total: Decimal,
    threshold: Decimal,
    open_high_risks: int,
    *,
    untested_range: ScoreRange | None = None,
    risk_units: Sequence[str] = (),
) -> tuple[str, str]:
    """Return the conclusion and a one-line Chinese reason.

    Args:
        total: The 2-dp total score (untested items counted as 0).
        threshold: The 基本符合 threshold of the case.
        open_high_risks: How many risks are still ``high`` (not mitigated or dismissed).
        untested_range: The total with untested items as 0 and as 1; None when nothing is untested.
        risk_units: Untested units that could still raise a high risk at the case's level.
    """
    if open_high_risks:
        return NONCONFORM, f"存在 {open_high_risks} 项未缓解的高风险"
    thr = plain(threshold)
    if untested_range is None:
        if total == HUNDRED:
            return CONFORM, "综合得分为 100 分，且无未缓解的高风险"
        if total >= threshold:
            return BASICALLY_CONFORM, f"综合得分 {total} ≥ 阈值 {thr}，且无未缓解的高风险"
        return NONCONFORM, f"综合得分 {total} < 阈值 {thr}"
    low, high = untested_range.min, untested_range.max
    if high < threshold:
        return NONCONFORM, f"即使未测项全部符合，综合得分最高 {high} < 阈值 {thr}"
    pending = []
    if low < threshold:
        pending.append(f"未测项按 0～1 计时综合得分为 {low}～{high}，可能低于阈值 {thr}")
    if risk_units:
        pending.append(f"未测的 {'、'.join(risk_units)} 仍可能判定高风险")
    if high == HUNDRED:
        pending.append("未测项全部符合时综合得分可达 100 分")
    if pending:
        return PENDING, "；".join(pending)
    return BASICALLY_CONFORM, (
        f"未测项按 0～1 计时综合得分为 {low}～{high}，均不低于阈值 {thr}，未测单元不会判定高风险，且无未缓解的高风险"
    )
