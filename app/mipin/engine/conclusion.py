"""The assessment conclusion (量化评估规则 2023 §6 and 高风险判定指引).

=====================================  ==========
Condition                              Conclusion
=====================================  ==========
any risk still ``high``                不符合
otherwise, total = 100                 符合
otherwise, total ≥ threshold (60)      基本符合
otherwise                              不符合
=====================================  ==========

Mitigations can change the conclusion (by changing a risk's status) but never the score.
"""

from __future__ import annotations

from decimal import Decimal

from app.mipin.engine.case import CONFORM, NONCONFORM
from app.mipin.engine.rounding import HUNDRED, plain

BASICALLY_CONFORM = "基本符合"
CONCLUSIONS = (CONFORM, BASICALLY_CONFORM, NONCONFORM)


def decide_conclusion(total: Decimal, threshold: Decimal, open_high_risks: int) -> tuple[str, str]:
    """Return the conclusion and a one-line Chinese reason.

    Args:
        total: The 2-dp total score.
        threshold: The 基本符合 threshold of the case.
        open_high_risks: How many risks are still ``high`` (not mitigated or dismissed).
    """
    if open_high_risks:
        return NONCONFORM, f"存在 {open_high_risks} 项未缓解的高风险"
    if total == HUNDRED:
        return CONFORM, "综合得分为 100 分，且无未缓解的高风险"
    if total >= threshold:
        return BASICALLY_CONFORM, f"综合得分 {total} ≥ 阈值 {plain(threshold)}，且无未缓解的高风险"
    return NONCONFORM, f"综合得分 {total} < 阈值 {plain(threshold)}"
