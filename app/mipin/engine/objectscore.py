"""Object scores S(i,j,k) of the 2023 rules, with their Ra and Rk corrections.

========================  =====================
Result                    Score
========================  =====================
D=×                       0 (A and K ignored)
D, A and K all ``/``      object excluded
D=√, A=√, K=√             1
D=√, A=×, K=√             0.5·Ra
D=√, A=√, K=×             0.5·Rk
D=√, A=×, K=×             0.25·Ra·Rk
========================  =====================

Ra (when A=× and no explicit ``ra``) comes from the weakest non-approved algorithm the object
lists: ≥112 bits → 1, 80–111 → 0.5, <80 → 0.2; with none listed, 1. Rk (when K=× and no explicit
``rk``) is 1.2 at level 3 with a GB/T 37092 level-1 module and 1.5 at level 4 with a level-2
module, both only without key-management hazards; otherwise 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.mipin.engine.algorithms import AlgorithmDef, ra_band
from app.mipin.engine.case import FAIL, NA, ObjectInput
from app.mipin.engine.catalogue import LEVEL_NAMES, Catalogue
from app.mipin.engine.rounding import ZERO, plain, q4

_HALF = Decimal("0.5")
_QUARTER = Decimal("0.25")
_MODULE_LEVELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

RA_ASSUMED = "A 为 × 但未列出非合规算法，按 Ra = 1 计"
"""Why Ra = 1 was used for an object with A=× that lists no non-approved algorithm (a warning, and the
formula popup's note): right when A fails for another reason, e.g. an uncertified product."""


@dataclass(frozen=True)
class RawObjectScore:
    """An object's uncompensated score and how it was obtained."""

    status: str
    raw: Decimal | None
    ra: Decimal | None
    rk: Decimal | None
    formula: str
    ra_assumed: bool = False


class ObjectScorer:
    """Scores objects for one catalogue and protection level (lookups precomputed once).

    Args:
        catalogue: The catalogue (algorithm strengths, Ra bands, Rk table).
        level: The case's protection level.
    """

    def __init__(self, catalogue: Catalogue, level: int) -> None:
        self.cat = catalogue
        self.level = level
        bands = catalogue.ra_bands
        self._band_text = {}
        for i, band in enumerate(bands):
            if i == 0:
                text = f"≥ {band.min_bits} 比特"
            elif i == len(bands) - 1:
                text = f"< {bands[i - 1].min_bits} 比特"
            else:
                text = f"{band.min_bits}–{bands[i - 1].min_bits - 1} 比特"
            self._band_text[band.min_bits] = text
        self._rk_rule = {r.level: r for r in catalogue.rules.rk_rules}.get(level)

    def score(self, unit_id: str, obj: ObjectInput, untested_value: Decimal) -> RawObjectScore:
        """Return the uncompensated score of ``obj`` (untested objects count as ``untested_value``)."""
        label = f"S({unit_id}/{obj.name})"
        d = obj.d
        if not obj.tested:
            return RawObjectScore(
                "untested",
                q4(untested_value),
                None,
                None,
                f"{label} = {q4(untested_value)}（未测，按 {plain(untested_value)} 计）",
            )
        if d == NA:
            return RawObjectScore("excluded", None, None, None, f"{label}：D、A、K 均为 “/”，对象不适用，不计入平均")
        if d == FAIL:
            return RawObjectScore("scored", q4(ZERO), None, None, f"{label} = 0.0000（D=×，A、K 不再考虑）")
        a_fail = obj.a == FAIL
        k_fail = obj.k == FAIL
        marks = f"D=√ A={obj.a} K={obj.k}"
        if not a_fail and not k_fail:
            return RawObjectScore("scored", Decimal("1.0000"), None, None, f"{label} = 1.0000（{marks}）")
        ra = rk = None
        notes = []
        assumed = False
        if a_fail:
            ra, why, assumed = self._ra(obj)
            notes.append(f"Ra = {plain(ra)}：{why}")
        if k_fail:
            rk, why = self.rk(obj)
            notes.append(f"Rk = {plain(rk)}：{why}")
        if ra is not None and rk is not None:
            value = q4(_QUARTER * ra * rk)
            expr = f"0.25 × Ra × Rk = 0.25 × {plain(ra)} × {plain(rk)}"
        elif ra is not None:
            value = q4(_HALF * ra)
            expr = f"0.5 × Ra = 0.5 × {plain(ra)}"
        else:
            assert rk is not None
            value = q4(_HALF * rk)
            expr = f"0.5 × Rk = 0.5 × {plain(rk)}"
        text = f"{label} = {expr} = {value}（{marks}；{'；'.join(notes)}）"
        return RawObjectScore("scored", value, ra, rk, text, ra_assumed=assumed)

    def ra(self, obj: ObjectInput) -> tuple[Decimal, str]:
        """Return Ra for an object with A=×, and why."""
        value, why, _ = self._ra(obj)
        return value, why

    def _ra(self, obj: ObjectInput) -> tuple[Decimal, str, bool]:
        """Ra, why, and whether it was assumed (no non-approved algorithm listed)."""
        if obj.ra is not None:
            return obj.ra, "案例中给定", False
        weakest = self._weakest(obj)
        if weakest is None:
            return self.cat.ra_bands[0].ra, "未列出非核准算法", True
        band = ra_band(weakest.strength_bits, self.cat.ra_bands)
        text = self._band_text[band.min_bits]
        return band.ra, f"最弱的非核准算法 {weakest.name} 为 {weakest.strength_bits} 比特，属 {text}档", False

    def _weakest(self, obj: ObjectInput) -> AlgorithmDef | None:
        weakest = None
        for name in obj.algorithms:
            algo = self.cat.algorithms.find(name)
            if (
                algo is not None
                and not algo.approved
                and (weakest is None or algo.strength_bits < weakest.strength_bits)
            ):
                weakest = algo
        return weakest

    def rk(self, obj: ObjectInput) -> tuple[Decimal, str]:
        """Return Rk for an object with K=×, and why."""
        if obj.rk is not None:
            return obj.rk, "案例中给定"
        default = self.cat.rules.rk_default
        rule = self._rk_rule
        if rule is None:
            return default, f"{LEVEL_NAMES[self.level]}不作 Rk 修正"
        needed = _MODULE_LEVELS[rule.module_level]
        if obj.module_level != rule.module_level:
            have = "未给出密码模块等级" if obj.module_level is None else f"密码模块为{_MODULE_LEVELS[obj.module_level]}"
            return default, f"{have}，不满足“{LEVEL_NAMES[self.level]}使用{needed}密码模块”的修正条件"
        if obj.key_hazards:
            return default, "存在密钥管理安全隐患，不作修正"
        return rule.rk, f"{LEVEL_NAMES[self.level]}，密钥所在密码模块为 GB/T 37092 {needed}且无其他密钥管理问题"
