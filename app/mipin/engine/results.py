"""The result of scoring a case: a tree of frozen dataclasses.

:class:`ScoreResult` is what :func:`app.mipin.engine.scoring.score_case` returns. All numbers are
:class:`~decimal.Decimal` values already rounded half-up as the 2023 rules require (object,
unit and layer scores 4 dp, the total 2 dp), so ``str(result.total)`` is ``"73.20"``. Group
values (70/30 parts) are shown in the explanation only and never rounded before the total.

Every number carries a human-readable Chinese ``formula`` with its actual inputs (e.g.
``S(AD-5) = (1.0000 + 0.5000) / 2 = 0.7500``), and :attr:`ScoreResult.explanation` lists all of
them in calculation order, for "how was this calculated" views and the report's 量化评估 section.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.errors import InputError
from app.mipin.engine.case import CONFORM, NONCONFORM, NOT_APPLICABLE, PARTIAL, UNTESTED, Notice

HIGH = "high"
STATUS_MITIGATED = "mitigated"
STATUS_DISMISSED = "dismissed"


@dataclass(frozen=True)
class Explanation:
    """One line of the calculation trace.

    Attributes:
        scope: ``object``, ``compensation``, ``unit``, ``layer``, ``group``, ``total`` or ``conclusion``.
        key: What the line is about: ``AD-5/数据库服务器``, ``AD-5``, ``AD``, ``technical``, ``total``.
        text: The formula with its inputs and result, in Chinese.
    """

    scope: str
    key: str
    text: str


@dataclass(frozen=True)
class ObjectScore:
    """The score of one technical test object.

    Attributes:
        unit: Unit id.
        index: Position in the unit's ``objects``.
        name: Object name.
        d: D mark, None when untested.
        a: A mark.
        k: K mark.
        status: ``scored``, ``excluded`` (D/A/K all ``/``), ``untested`` or ``unit_na`` (its unit
            does not apply).
        ra: Ra used (only when A=× and D=√).
        rk: Rk used (only when K=× and D=√).
        raw: Uncompensated score (4 dp); None when excluded or unit N/A. Untested objects carry
            the value they were counted as (0, or 1 for the upper end of a range).
        score: Score after compensation (4 dp); equals ``raw`` when nothing compensated it.
        compensated_by: ``unit/object`` of the compensating objects that raised or were checked.
        formula: How ``raw`` was obtained.
        compensation_formula: How ``score`` was obtained, when compensation applied.
        ra_assumed: A=× but no non-approved algorithm is listed, so Ra = 1 was used (a warning:
            right when A fails for another reason, such as an uncertified product).
    """

    unit: str
    index: int
    name: str
    d: str | None
    a: str | None
    k: str | None
    status: str
    ra: Decimal | None
    rk: Decimal | None
    raw: Decimal | None
    score: Decimal | None
    compensated_by: tuple[str, ...] = ()
    formula: str = ""
    compensation_formula: str | None = None
    ra_assumed: bool = False

    @property
    def key(self) -> str:
        """``unit/object`` reference used in explanations."""
        return f"{self.unit}/{self.name}"


@dataclass(frozen=True)
class UnitScore:
    """The score and verdict of one unit of the level's catalogue.

    Attributes:
        unit: Unit id.
        layer: Layer code.
        name_zh: Chinese unit name.
        weight: Unit weight w at the case's level.
        applicable: False for 不适用.
        tested: False when the unit, its result or any of its objects is untested.
        score: 4-dp score; None when not applicable.
        verdict: 符合 / 部分符合 / 不符合 / 不适用 (from the score, rule 9), or 未测 when anything
            in the unit is untested (its score is then the partial-scoring minimum, never a verdict).
        result: The management result as given (management units).
        na_reason: Why it does not apply.
        objects: Object scores (technical units), in case order.
        formula: How ``score`` was obtained.
    """

    unit: str
    layer: str
    name_zh: str
    weight: Decimal
    applicable: bool
    tested: bool
    score: Decimal | None
    verdict: str
    result: str | None = None
    na_reason: str | None = None
    objects: tuple[ObjectScore, ...] = ()
    formula: str = ""


@dataclass(frozen=True)
class LayerScore:
    """The score of one layer: S(i) = Σ w·S / Σ w over its applicable units (4 dp; None if N/A)."""

    code: str
    name_zh: str
    group: str
    weight: int
    score: Decimal | None
    units: tuple[str, ...]
    formula: str = ""


@dataclass(frozen=True)
class GroupScore:
    """The technical (70) or management (30) part of the total, unrounded (None never: see scoring)."""

    code: str
    name_zh: str
    points: int
    value: Decimal
    formula: str = ""


@dataclass(frozen=True)
class HighRisk:
    """One high-risk finding (automatic candidate or added manually).

    Attributes:
        item: Guide item ``"5.1"`` … ``"10.2"``.
        unit: Unit id.
        object: Object name; None for management items and unit-wide added risks.
        title: The item's short title.
        condition: Why this candidate was raised (the triggering facts).
        guide: The guide's text of the item (title and conditions).
        mitigations: Mitigations the guide accepts (empty: not mitigable).
        status: ``high``, ``mitigated`` or ``dismissed``.
        origin: ``auto`` (found by the engine) or ``added`` (risk decision ``added``).
        decision: The decision applied, if any (``mitigated``, ``dismissed``, ``confirmed``, ``added``).
        reason: The decision's reason.
        mitigation: The mitigation in place, as recorded in the decision.
    """

    item: str
    unit: str
    object: str | None
    title: str
    condition: str
    guide: str
    mitigations: tuple[str, ...]
    status: str
    origin: str = "auto"
    decision: str | None = None
    reason: str | None = None
    mitigation: str | None = None


@dataclass(frozen=True)
class Counts:
    """Unit verdict counts over the level's catalogue.

    A unit with anything untested counts only under ``untested`` (未测), never as 不符合 or 部分符合.
    """

    conform: int = 0
    partial: int = 0
    nonconform: int = 0
    not_applicable: int = 0
    untested: int = 0

    def as_dict(self, *, with_untested: bool = False) -> dict[str, int]:
        """The counts keyed by Chinese verdict, as in ``mipin-score/1``.

        Args:
            with_untested: Add ``未测`` (``workbench score --partial``); it is added anyway when not 0.
        """
        out = {
            CONFORM: self.conform,
            PARTIAL: self.partial,
            NONCONFORM: self.nonconform,
            NOT_APPLICABLE: self.not_applicable,
        }
        if with_untested or self.untested:
            out[UNTESTED] = self.untested
        return out

    @property
    def total(self) -> int:
        """Number of units counted (the level's catalogue)."""
        return self.conform + self.partial + self.nonconform + self.not_applicable + self.untested

    @property
    def tested(self) -> int:
        """Units whose assessment is complete (N/A units included)."""
        return self.total - self.untested


@dataclass(frozen=True)
class ScoreRange:
    """The total with untested items taken as 0 (``min``) and as 1 (``max``)."""

    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class UntestedItem:
    """A unit missing from the case, a management unit without result, or an object without D.

    Attributes:
        unit: Unit id.
        object: Object name, or None for a whole unit.
        field: Where it is (``units[2].objects[0].D``), or ``units`` for a missing unit.
    """

    unit: str
    object: str | None
    field: str

    def __str__(self) -> str:
        return self.unit if self.object is None else f"{self.unit}/{self.object}"


class UntestedError(InputError):
    """Scoring without ``partial`` found untested units or objects.

    Attributes:
        items: Everything untested, in catalogue order.
    """

    def __init__(self, items: tuple[UntestedItem, ...], hint: str = "") -> None:
        self.items = items
        listed = "、".join(str(i) for i in items)
        super().__init__(items[0].field, f"有 {len(items)} 项未测：{listed}{hint}")


@dataclass(frozen=True)
class ScoreResult:
    """Everything a 密评 report states about the quantitative evaluation of one case.

    Attributes:
        level: Protection level.
        threshold: The 基本符合 threshold used.
        total: Total score, 2 dp.
        conclusion: 符合 / 基本符合 / 不符合, or 暂不下结论 while untested items could still change it
            (:mod:`app.mipin.engine.conclusion`; the one conclusion the panel, header and report show).
        conclusion_reason: Why, in Chinese.
        groups: Technical and management parts (unrounded).
        layers: All eight layers in order (score None when N/A).
        units: Every unit of the level's catalogue, in catalogue order.
        counts: Unit verdict counts.
        high_risks: All high-risk findings, ordered by item, unit and object.
        warnings: Notices from parsing and scoring (e.g. decisions that matched nothing).
        untested: Untested units and objects (empty unless scored with ``partial``).
        range: With ``partial``: the total with untested items as 0 and as 1.
        explanation: Every formula, in calculation order.
        partial: Whether untested items were allowed.
    """

    level: int
    threshold: Decimal
    total: Decimal
    conclusion: str
    conclusion_reason: str
    groups: tuple[GroupScore, ...]
    layers: tuple[LayerScore, ...]
    units: tuple[UnitScore, ...]
    counts: Counts
    high_risks: tuple[HighRisk, ...]
    warnings: tuple[Notice, ...]
    untested: tuple[UntestedItem, ...]
    range: ScoreRange | None
    explanation: tuple[Explanation, ...]
    partial: bool = False

    def unit(self, unit_id: str) -> UnitScore:
        """Return the score of ``unit_id`` (KeyError if it is not in the level's catalogue)."""
        for unit in self.units:
            if unit.unit == unit_id:
                return unit
        raise KeyError(unit_id)

    def layer(self, code: str) -> LayerScore:
        """Return the layer ``code`` (KeyError if unknown)."""
        for layer in self.layers:
            if layer.code == code:
                return layer
        raise KeyError(code)

    @property
    def untested_units(self) -> tuple[str, ...]:
        """The units with anything untested, in catalogue order (``untested`` of ``mipin-score/1``)."""
        return tuple(u.unit for u in self.units if not u.tested)

    @property
    def open_high_risks(self) -> tuple[HighRisk, ...]:
        """High risks still ``high`` (any of them makes the conclusion 不符合)."""
        return tuple(r for r in self.high_risks if r.status == HIGH)
