"""Explanations ("how was this number calculated?"): the engine's formulas from a number to the total.

:func:`explain` picks the lines of :attr:`app.mipin.engine.ScoreResult.explanation` that lead from a
number (an object's, a unit's, a layer's, a group's score, the total, or the range) to the
total and the conclusion, grouped in sections for display. Nothing is recomputed here: every
line is the engine's own formula with its actual inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.mipin.engine import ObjectScore, ScoreResult
from app.mipin.engine.objectscore import RA_ASSUMED

RA_ASSUMED_NOTE = RA_ASSUMED
"""The popup's note for an object with A=× that lists no non-approved algorithm:
"A 为 × 但未列出非合规算法，按 Ra = 1 计" (also the engine's warning for that object)."""

OBJECT, UNIT, LAYER, GROUP, TOTAL, RANGE, VERDICT = "object", "unit", "layer", "group", "total", "range", "verdict"


@dataclass(frozen=True)
class Section:
    """A titled block of formula lines."""

    title: str
    lines: tuple[str, ...]


def _lines(result: ScoreResult, scope: str, keys: set[str] | None = None) -> tuple[str, ...]:
    return tuple(e.text for e in result.explanation if e.scope == scope and (keys is None or e.key in keys) and e.text)


def object_notes(obj: ObjectScore) -> tuple[str, ...]:
    """Remarks shown under an object's formula (e.g. :data:`RA_ASSUMED_NOTE`)."""
    return (RA_ASSUMED_NOTE,) if obj.ra_assumed else ()


def _object_lines(result: ScoreResult, keys: set[str]) -> tuple[str, ...]:
    lines: list[str] = []
    for unit in result.units:
        for obj in unit.objects:
            if obj.key in keys:
                lines += [t for t in (obj.formula, obj.compensation_formula) if t]
                lines += [f"注：{note}" for note in object_notes(obj)]
    return tuple(lines)


def _tail(result: ScoreResult, layer: str | None, group: str | None) -> list[Section]:
    out = []
    if layer is not None:
        out.append(Section(f"层面 {layer}", _lines(result, LAYER, {layer})))
    if group is not None:
        out.append(Section("技术/管理部分", _lines(result, GROUP, {group})))
    out.append(Section("总分", _lines(result, GROUP) + _lines(result, TOTAL)))
    out.append(Section("结论", _lines(result, "conclusion")))
    return out


def explain(result: ScoreResult, scope: str, key: str = "") -> list[Section]:
    """The sections explaining one number.

    Args:
        result: The current score.
        scope: ``object`` (key ``unit/name``), ``unit`` (unit id), ``layer`` (code), ``group``
            (``technical``/``management``), ``total``, ``range`` or ``verdict`` (符合 …).
        key: What the number belongs to.
    """
    layer_group = {layer.code: layer.group for layer in result.layers}
    if scope == OBJECT:
        unit_id = key.split("/", 1)[0]
        unit = result.unit(unit_id)
        first = _object_lines(result, {key})
        return [
            Section(f"测评对象 {key}", first),
            Section(f"测评单元 {unit_id}", _lines(result, UNIT, {unit_id})),
            *_tail(result, unit.layer, layer_group.get(unit.layer)),
        ]
    if scope == UNIT:
        unit = result.unit(key)
        objects = {o.key for o in unit.objects}
        sections = []
        if objects:
            sections.append(Section("测评对象", _object_lines(result, objects)))
        sections.append(Section(f"测评单元 {key}", _lines(result, UNIT, {key})))
        return sections + _tail(result, unit.layer, layer_group.get(unit.layer))
    if scope == LAYER:
        units = set(result.layer(key).units)
        return [Section("测评单元", _lines(result, UNIT, units)), *_tail(result, key, layer_group.get(key))]
    if scope == GROUP:
        layers = {layer.code for layer in result.layers if layer.group == key}
        return [Section("层面", _lines(result, LAYER, layers)), *_tail(result, None, key)]
    if scope == RANGE:
        lines = []
        if result.range is not None:
            lines.append(f"未测项按 0 计：S = {result.range.min}；按 1 计：S = {result.range.max}")
        lines += [f"未测：{item}" for item in result.untested]
        return [Section("得分范围", tuple(lines)), *_tail(result, None, None)]
    if scope == VERDICT:
        listed = tuple(f"{u.unit} {u.name_zh}：{u.formula}" for u in result.units if u.verdict == key)
        return [Section(f"判为“{key}”的测评单元（{len(listed)} 项）", listed or ("（无）",))]
    return [Section("层面", _lines(result, LAYER)), *_tail(result, None, None)]


def as_text(sections: list[Section]) -> str:
    """Plain text of the sections (copy to clipboard, tests)."""
    return "\n\n".join(f"{s.title}\n" + "\n".join(f"  {line}" for line in s.lines) for s in sections)
