"""The report model: everything the PDF and the Excel workbook print, computed once.

:func:`build_model` scores the case with the engine (every number in the report comes from
the :class:`~app.mipin.engine.ScoreResult`), adds the app's extra data from the
:class:`~app.mipin.bundle.CaseBundle` (phases, test-object types, evidence, risk ratings) and
derives the report's text tables (:mod:`reports.analysis`). Renderers only lay it out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.core import clock
from app.mipin.bundle import CaseBundle, EvidenceInfo
from app.mipin.engine import (
    CaseInput,
    Catalogue,
    Counts,
    ScoreResult,
    UnitScore,
    UntestedError,
    load_catalogue,
    score_case,
)
from app.mipin.engine.case import CONFORM, NONCONFORM, NOT_APPLICABLE, PARTIAL, UNTESTED
from app.mipin.engine.catalogue import LEVEL_NAMES
from app.mipin.fingerprint import case_fingerprint
from app.store.audit import AuditSummary
from reports.analysis import (
    AssetGroup,
    LayerIssues,
    RiskRow,
    classify_assets,
    layer_issues,
    risk_rows,
    system_risk_level,
)

PHASE_NAMES = ("测评准备", "方案编制", "现场测评", "分析与报告编制")
"""The four GM/T 0116 phases (same keys as the store's ``phases``)."""

UNNUMBERED = "（未编号）"


@dataclass(frozen=True)
class ReportModel:
    """The content of one 密评 report (and its Excel record).

    Attributes:
        system_name: 被测信息系统名称.
        level: Protection level.
        level_name: ``第三级``.
        client: 委托单位 / 被测单位.
        assessor: 测评机构名称.
        report_no: 报告编号 (``（未编号）`` when missing).
        report_date: Date printed on the cover.
        fingerprint: SHA-256 of the canonical case (:mod:`app.mipin.fingerprint`).
        draft: Untested items were allowed (the report carries a 草稿 watermark).
        case: The parsed case.
        result: The engine's result.
        catalogue: The indicator catalogue.
        phases: ``(phase, start, end)`` for the four phases.
        period: 评估开始 and 结束 dates.
        assets: Test objects grouped by asset category (chapter 2.4).
        evidence: Evidence items (appendix B).
        risks: One row per 部分符合/不符合 unit (chapter 6).
        risk_level: 高/中/低, the system's overall risk.
        issues: Problems and suggestions per layer (安全问题及改进建议).
        audit: The case's audit-trail summary (appendix B), when the case came from the store.
    """

    system_name: str
    level: int
    level_name: str
    client: str
    assessor: str
    report_no: str
    report_date: date
    fingerprint: str
    draft: bool
    case: CaseInput
    result: ScoreResult
    catalogue: Catalogue
    phases: tuple[tuple[str, date | None, date | None], ...]
    period: tuple[date | None, date | None]
    assets: tuple[AssetGroup, ...]
    evidence: tuple[EvidenceInfo, ...]
    risks: tuple[RiskRow, ...]
    risk_level: str
    issues: tuple[LayerIssues, ...]
    audit: AuditSummary | None = None

    @property
    def title(self) -> str:
        """``【系统】商用密码应用安全性评估报告``."""
        return f"{self.system_name}商用密码应用安全性评估报告"

    def risk_count(self, value: str) -> int:
        """How many risk rows have the risk value ``value`` (高/中/低)."""
        return sum(1 for r in self.risks if r.risk == value)

    def layer_units(self, code: str) -> list[UnitScore]:
        """The units of layer ``code``, in catalogue order."""
        return [u for u in self.result.units if u.layer == code]

    def object_records(self, unit_id: str) -> dict[str, str | None]:
        """The case's 结果记录 of each test object of technical unit ``unit_id``."""
        entry = self.case.unit(unit_id)
        return {o.name: o.record for o in entry.objects} if entry else {}

    def no_objects_reason(self, unit: UnitScore) -> str:
        """Why technical unit ``unit`` lists no test object: the case's reason, else 未测 or 不适用."""
        entry = self.case.unit(unit.unit)
        return (entry.na_reason if entry else None) or ("尚未测评" if not unit.tested else "不适用")

    def unit_record(self, unit_id: str) -> str | None:
        """Management unit ``unit_id``'s 结果记录, or why it does not apply (None: no record)."""
        entry = self.case.unit(unit_id)
        if entry is None:
            return None
        if not entry.applicable:
            return entry.na_reason or "不适用"
        return entry.record or None

    @property
    def layer_counts(self) -> tuple[Counts, ...]:
        """The engine's verdict counts, per layer, in the order of ``result.layers``."""
        out = []
        for layer in self.result.layers:
            n = Counter(u.verdict for u in self.layer_units(layer.code))
            out.append(Counts(n[CONFORM], n[PARTIAL], n[NONCONFORM], n[NOT_APPLICABLE], n[UNTESTED]))
        return tuple(out)

    @property
    def pending_risks(self) -> int:
        """Risk rows of unfinished (未测) units: they are listed but not rated by default."""
        return sum(1 for r in self.risks if r.pending)

    @property
    def unassessed_units(self) -> tuple[UnitScore, ...]:
        """Untested units without any finding yet: no risk row, no risk analysis."""
        listed = {r.unit for r in self.risks}
        return tuple(u for u in self.result.units if not u.tested and u.unit not in listed)


def build_model(
    bundle: CaseBundle,
    *,
    draft: bool = False,
    assessor: str = "",
    report_date: date | None = None,
    catalogue: Catalogue | None = None,
) -> ReportModel:
    """Score the bundle's case and assemble the report model.

    Args:
        bundle: The case and the app's extra data.
        draft: Allow untested items (scored as 0 with a range; the report is marked 草稿).
        assessor: 测评机构 to use when the case does not name one (the settings' default).
        report_date: Cover date; default the end of 分析与报告编制, else today.
        catalogue: Default :func:`app.mipin.engine.load_catalogue`.

    Raises:
        UntestedError: Something is untested and ``draft`` is False.
        InputError: The engine cannot score the case (its message is passed on unchanged).
    """
    cat = catalogue or load_catalogue()
    case = bundle.case
    try:
        result = score_case(case, cat, partial=draft)
    except UntestedError as exc:
        raise UntestedError(exc.items, hint="；正式报告要求全部测评完成，如需先出草稿请使用 --draft") from None
    system = case.system
    phases = tuple((p, *bundle.phases.get(p, (None, None))) for p in PHASE_NAMES)
    period = _period(bundle, phases)
    if report_date is None:
        report_date = phases[-1][2] or clock.today()
    issues = layer_issues(case, result, cat)
    risks = risk_rows(result, bundle.risk_ratings, cat, issues)
    return ReportModel(
        system_name=system.name or "被测信息系统",
        level=case.level,
        level_name=LEVEL_NAMES[case.level],
        client=system.client or "（未填写委托单位）",
        assessor=system.assessor or assessor or "（未填写测评机构）",
        report_no=system.report_no or UNNUMBERED,
        report_date=report_date,
        fingerprint=case_fingerprint(case),
        draft=draft,
        case=case,
        result=result,
        catalogue=cat,
        phases=phases,
        period=period,
        assets=classify_assets(case, bundle.objects, cat),
        evidence=bundle.evidence,
        audit=bundle.audit,
        risks=risks,
        risk_level=system_risk_level(result, risks),
        issues=issues,
    )


def _period(
    bundle: CaseBundle, phases: Sequence[tuple[str, date | None, date | None]]
) -> tuple[date | None, date | None]:
    starts = [s for _, s, _ in phases if s is not None]
    ends = [e for _, _, e in phases if e is not None]
    start = bundle.period_start or (min(starts) if starts else None)
    end = bundle.period_end or (max(ends) if ends else None)
    return start, end


def format_date(value: date | None) -> str:
    """``2026年10月16日`` (``—`` for a missing date)."""
    return "—" if value is None else f"{value.year}年{value.month}月{value.day}日"
