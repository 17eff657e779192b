"""What the score panel and the 高风险判定 header both say about the case: one conclusion, one risk count.

Both views call these functions on the controller's one :class:`~app.mipin.engine.ScoreResult`,
so they cannot disagree: the conclusion is always ``ScoreResult.conclusion`` (the engine's one
rule, :mod:`app.mipin.engine.conclusion`, including 暂不下结论 while untested units could still
change it), and the risk counts are taken the same way.

"未处置" means exactly "no decision yet": a confirmed risk is decided (处置) but still a high risk.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.mipin.engine import ScoreResult
from ui.icons import CONCLUSION_COLORS


@dataclass(frozen=True)
class RiskCounts:
    """The high risks of a result.

    Attributes:
        total: Every high risk (candidates and manual ones).
        open: Still high (undecided or confirmed): any of them makes the conclusion 不符合.
        undecided: No decision yet (未处置).
        handled: Mitigated or dismissed.
    """

    total: int
    open: int
    undecided: int
    handled: int


def risk_counts(result: ScoreResult) -> RiskCounts:
    """Count the high risks of ``result`` (:class:`RiskCounts`)."""
    risks = result.high_risks
    open_ = sum(1 for r in risks if r.status == "high")
    undecided = sum(1 for r in risks if r.decision is None)
    return RiskCounts(len(risks), open_, undecided, len(risks) - open_)


def conclusion_color(result: ScoreResult) -> str:
    """The colour of ``result``'s conclusion (rich text)."""
    return CONCLUSION_COLORS.get(result.conclusion, "#333")


def conclusion_html(result: ScoreResult, *, badge: bool = False) -> str:
    """``result.conclusion`` as rich text: coloured bold text, or a white-on-colour ``badge``."""
    color, text = conclusion_color(result), escape(result.conclusion)
    if badge:
        return f'<span style="background:{color}; color:white; font-weight:bold;">&nbsp;{text}&nbsp;</span>'
    return f"<b style='color:{color};'>{text}</b>"


def total_text(result: ScoreResult) -> str:
    """The total, or its range ``min – max`` while something is untested."""
    if result.untested and result.range is not None:
        return f"{result.range.min} – {result.range.max}"
    return f"{result.total}"
