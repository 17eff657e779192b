"""A readable plain-text summary of a :class:`ScoreResult` (Chinese labels).

Used by ``workbench score`` without ``--json``; the UI and reports build their own views
from the result tree, but can reuse this for logs and previews.
"""

from __future__ import annotations

from app.mipin.engine.case import SystemInfo
from app.mipin.engine.catalogue import LEVEL_NAMES
from app.mipin.engine.results import HIGH, STATUS_DISMISSED, STATUS_MITIGATED, ScoreResult
from app.mipin.engine.rounding import plain, q2

_STATUS_LABELS = {HIGH: "高风险", STATUS_MITIGATED: "已缓解", STATUS_DISMISSED: "已排除"}


def render_summary(result: ScoreResult, system: SystemInfo | None = None, *, explain: bool = False) -> str:
    """Return a multi-line summary: total, conclusion, layers, units, counts, high risks.

    Args:
        result: The scored case.
        system: The case's system block, for the heading.
        explain: Append the full calculation trace.
    """
    name = system.name if system and system.name else "被测信息系统"
    lines = [
        f"{name} — 商用密码应用安全性评估量化评分（{LEVEL_NAMES[result.level]}）",
        f"综合得分：{result.total} 分（基本符合阈值 {plain(result.threshold)} 分）",
        f"评估结论：{result.conclusion}（{result.conclusion_reason}）",
    ]
    if result.range is not None:
        lines.append(f"分数区间：{result.range.min} ～ {result.range.max}（未测项按 0 ～ 1 计）")
    if result.untested:
        lines.append("未测项：" + "、".join(str(i) for i in result.untested))
    lines.append("")
    lines.append("层面得分：")
    for group in result.groups:
        lines.append(f"  {group.name_zh}（{group.points} 分）：{q2(group.value)} 分")
        for layer in result.layers:
            if layer.group != group.code:
                continue
            score = "不适用" if layer.score is None else str(layer.score)
            lines.append(f"    {layer.code} {layer.name_zh}（权重 {layer.weight}）：{score}")
            for unit in result.units:
                if unit.layer == layer.code:
                    shown = "—" if unit.score is None else str(unit.score)
                    lines.append(f"      {unit.unit} {unit.name_zh}：{shown}  {unit.verdict}")
    counts = result.counts
    lines.append("")
    lines.append(
        f"测评单元 {counts.total} 项：符合 {counts.conform} 项，部分符合 {counts.partial} 项，"
        f"不符合 {counts.nonconform} 项，不适用 {counts.not_applicable} 项"
        + (f"，未测 {counts.untested} 项" if counts.untested else "")
    )
    open_risks = len(result.open_high_risks)
    lines.append(f"高风险：{len(result.high_risks)} 项（未缓解 {open_risks} 项）")
    for risk in result.high_risks:
        where = risk.unit + (f" {risk.object}" if risk.object else "")
        text = (
            f"  [{_STATUS_LABELS.get(risk.status, risk.status)}] {risk.item} {risk.title} · {where}：{risk.condition}"
        )
        if risk.reason:
            text += f"（理由：{risk.reason}）"
        lines.append(text)
    if explain:
        lines.append("")
        lines.append("计算过程：")
        lines.extend(f"  {line.text}" for line in result.explanation)
    return "\n".join(lines) + "\n"
