"""Record types of the indicator catalogue (see :mod:`app.mipin.engine.catalogue` for the lookups).

Each type mirrors one kind of entry of the data files in ``resources/catalogue/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LEVELS = (1, 2, 3, 4)
LEVEL_NAMES = {1: "第一级", 2: "第二级", 3: "第三级", 4: "第四级"}
TECHNICAL = "technical"
MANAGEMENT = "management"


@dataclass(frozen=True)
class LevelRequirement:
    """How one unit applies at one protection level.

    Attributes:
        requirement: ``应``, ``宜`` or ``可`` (GB/T 39786 modal verb).
        weight: The unit weight of the 2023 quantification rules (table 4) at this level.
        note: A level-specific remark, e.g. level 4 NC-1 requires mutual authentication.
    """

    requirement: str
    weight: Decimal
    note: str = ""


@dataclass(frozen=True)
class HighRiskItem:
    """One item of the 高风险判定指引 (2021-12).

    Attributes:
        item: The guide's section number, ``"5.1"`` … ``"10.2"``.
        title: Short Chinese title.
        unit: The unit the item belongs to, or None for the general items 5.1–5.3.
        trigger: How the engine finds candidates: ``algorithm``, ``protocol``, ``key_hazard``,
            ``object_d_fail`` or ``management_fail``.
        from_level: The lowest protection level at which the item applies.
        mitigable: Whether the guide lists mitigations (only then may a risk be ``mitigated``).
        conditions: The guide's high-risk conditions (any one suffices).
        mitigations: The guide's mitigations that may lower the risk level.
        source: Citation.
        engine_rule: The simplified rule the engine applies, in Chinese.
        note: Remark, if any.
    """

    item: str
    title: str
    unit: str | None
    trigger: str
    from_level: int
    mitigable: bool
    conditions: tuple[str, ...]
    mitigations: tuple[str, ...]
    source: str
    engine_rule: str
    note: str = ""

    @property
    def guide_text(self) -> str:
        """The item as the guide states it: title and conditions, one line."""
        return f"{self.item} {self.title}：" + "；".join(self.conditions)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Numeric order of the item number (``5.2`` before ``10.1``)."""
        major, minor = self.item.split(".")
        return int(major), int(minor)


@dataclass(frozen=True)
class UnitDef:
    """One 测评单元 of GB/T 43206.

    Attributes:
        id: Project-local id, ``PE-1`` … ``ER-3``.
        layer: Layer code, ``PE`` … ``ER``.
        group: ``technical`` (D/A/K objects) or ``management`` (符合/部分符合/不符合 judgement).
        name_zh: Chinese unit name.
        name_en: English name.
        gbt39786_clause: The GB/T 39786-2021 clause at level 3 (chapter 8).
        gbt43206_clause: The GB/T 43206-2023 clause.
        levels: Requirement and weight at levels 1–4 (index 0–3); None where the unit is not
            part of that level's catalogue.
        test_object_types: Typical 测评对象.
        test_procedure: 测评实施 items ([D]/[A]/[K] for technical units).
        high_risk: The unit's high-risk item, if any.
        typical_remediations: Typical remediation patterns.
        certified_product_types: Certified product types used for remediation.
        confidence: Confidence notes from the research, as (topic, note) pairs.
    """

    id: str
    layer: str
    group: str
    name_zh: str
    name_en: str
    gbt39786_clause: str
    gbt43206_clause: str
    levels: tuple[LevelRequirement | None, ...]
    test_object_types: tuple[str, ...]
    test_procedure: tuple[str, ...]
    high_risk: HighRiskItem | None
    typical_remediations: tuple[str, ...]
    certified_product_types: tuple[str, ...]
    confidence: tuple[tuple[str, str], ...] = ()

    @property
    def is_technical(self) -> bool:
        """Whether the unit is scored from D/A/K objects."""
        return self.group == TECHNICAL

    def at_level(self, level: int) -> LevelRequirement | None:
        """Return the unit's requirement and weight at ``level``, or None if absent there."""
        return self.levels[level - 1]


@dataclass(frozen=True)
class LayerDef:
    """One 层面: code, names, group and the layer weight W of the total formula."""

    code: str
    name_zh: str
    name_en: str
    group: str
    weight: int


@dataclass(frozen=True)
class GroupDef:
    """The technical (70 points) or management (30 points) group of layers."""

    code: str
    name_zh: str
    name_en: str
    points: int
    layers: tuple[str, ...]


@dataclass(frozen=True)
class RkRule:
    """Rk for K=× when the key-holding module is one level below the requirement (table 3)."""

    level: int
    module_level: int
    rk: Decimal


@dataclass(frozen=True)
class Rules:
    """Scoring constants that are domain facts (``resources/catalogue/rules.json``).

    Attributes:
        default_threshold: The 基本符合 threshold when a case gives none.
        compensation_factor: The 0.5 of PB' = MAX(0.5 × PA, PB).
        compensation_pairs: Unit pairs allowed to compensate each other, in either direction.
        rk_rules: The Rk table.
        rk_default: Rk when no rule applies.
        management_scores: Unit score per management result.
        ra_allowed: The values an explicit ``ra`` may take (table 2).
        rk_allowed: ``(level, values)``: the values an explicit ``rk`` may take at each level (table 3).
    """

    default_threshold: Decimal
    compensation_factor: Decimal
    compensation_pairs: frozenset[tuple[str, str]]
    rk_rules: tuple[RkRule, ...]
    rk_default: Decimal
    management_scores: tuple[tuple[str, Decimal], ...]
    ra_allowed: tuple[Decimal, ...] = (Decimal(1), Decimal("0.5"), Decimal("0.2"))
    rk_allowed: tuple[tuple[int, tuple[Decimal, ...]], ...] = ()

    def allowed_rk(self, level: int | None) -> tuple[Decimal, ...]:
        """The values an explicit ``rk`` may take at ``level`` (every level's values when None)."""
        table = dict(self.rk_allowed)
        if level is not None:
            return table.get(level, (self.rk_default,))
        return tuple(sorted({v for values in table.values() for v in values} | {self.rk_default}))

    def compensation_allowed(self, target_unit: str, source_unit: str) -> bool:
        """Whether an object of ``source_unit`` may compensate one of ``target_unit``."""
        return (target_unit, source_unit) in self.compensation_pairs

    def describe_pairs(self) -> str:
        """The allowed pairs for messages, e.g. ``NC-2↔AD-6、NC-3↔AD-4``."""
        seen = sorted({tuple(sorted(p)) for p in self.compensation_pairs}, key=lambda p: (p[1], p[0]))
        return "、".join(f"{b}↔{a}" for a, b in seen)


@dataclass(frozen=True)
class KeyHazard:
    """One key-management hazard of the guide's Appendix A (each one triggers item 5.3)."""

    id: str
    stage: str
    text: str
