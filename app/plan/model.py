"""The 密改方案 (retrofit plan) of one case, as frozen dataclasses (``mipin-plan/1`` in memory).

A :class:`Plan` holds the items generated from the findings (and added by the user), the
key-management lifecycle table, the product list, the 安全与合规性分析 table, the schedule, the
texts of the chapters and the history of its reviews (方案评估). Instances are immutable; edits
make a new plan with :func:`dataclasses.replace`. :mod:`app.plan.plandump` writes it as JSON and
:mod:`app.plan.planformat` reads it back, validating every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

FORMAT = "mipin-plan/1"

KIND_OBJECT = "object"
KIND_UNIT = "unit"
KIND_RISK = "risk"
KIND_MANUAL = "manual"
KINDS = (KIND_OBJECT, KIND_UNIT, KIND_RISK, KIND_MANUAL)

PRIORITIES = ("P1", "P2", "P3")
PHASE_NEAR = "近期"
PHASE_LATER = "中远期"
PHASES = (PHASE_NEAR, PHASE_LATER)

COST_USER = "user"
COST_PRICE_LIST = "price_list"
COST_UNKNOWN = "unknown"
COST_SHARED = "shared"

STAGES = ("生成", "存储", "分发", "导入导出", "使用", "备份", "恢复", "归档", "销毁")
"""The nine key-lifecycle stages of GB/T 39786 Annex B, in order."""

ELEMENTS = (
    ("objects", "保护对象"),
    ("measures", "密码措施"),
    ("subsystem", "子系统"),
    ("products", "密码产品及标准"),
    ("services", "密码服务"),
    ("algorithms", "密码算法"),
    ("protocols", "密码协议与流程"),
    ("keys", "密钥体系"),
)
"""The eight elements every technical layer of the plan covers: (key, Chinese name)."""

MANAGEMENT_AREAS = ("制度", "人员", "实施", "应急")
"""The four areas of the 安全管理方案 (管理制度, 人员管理, 建设运行, 应急处置)."""

COMPLIANT = "符合"
NOT_APPLICABLE = "不适用"
NONCOMPLIANT = "不符合"
COMPLIANCE_VERDICTS = (COMPLIANT, NOT_APPLICABLE, NONCOMPLIANT)

REVIEW_PASS = "符合"
REVIEW_FIX = "需修改"
PASSED = "通过"
NEEDS_CHANGES = "需修改"


@dataclass(frozen=True)
class ProductNeed:
    """A certified product type a measure needs, with its quantity."""

    type: str
    quantity: int = 1


@dataclass(frozen=True)
class PlanItem:
    """One measure of the plan.

    Attributes:
        key: Stable identity: the finding it comes from (``obj:AD-5/医学影像文件``, ``unit:PM-4``,
            ``risk:9.3:AD-5/医学影像文件``) or ``manual:N`` for an item the user added.
        kind: ``object``, ``unit``, ``risk`` or ``manual``.
        unit: The unit the measure belongs to.
        object: The test object, for object items and object risks.
        problem: The problem sentence (unit, object, D/A/K and the record).
        measure: The measure (from the catalogue's typical remediations; editable).
        products: Certified product types and quantities.
        standards: Standards the measure follows.
        target_d: D after the measure (object targets; default √).
        target_a: A after the measure.
        target_k: K after the measure.
        target_result: The management result after the measure (unit targets; 符合).
        target_algorithms: The algorithms after the measure where it replaces them (None: kept).
        target_protocols: The protocols after the measure where it replaces them (None: kept).
        removes: Keys of the high risks the measure eliminates (``9.3:AD-5/医学影像文件``).
        shared_with: The key of the item whose measure this one is (a high risk's item on a
            finding that has its own item): it has no cost or products of its own, and the
            measure is costed once however many of its items are selected.
        priority: P1 (high risk), P2 (应 unit), P3 (宜/可 unit).
        phase: 近期 or 中远期.
        owner: 责任人/责任部门.
        target_date: Planned completion.
        cost: The user's estimate in 万元 (None: from the price list, else unknown).
        cost_note: A remark shown with the cost; the demo's costs say ``示例``.
        selected: Part of the plan (the what-if toggles and the documents use selected items).
        edited: The user changed it; regeneration never overwrites it.
        stale: Its finding has disappeared from the case (flagged, never deleted).
        note: Free remark.
    """

    key: str
    kind: str
    unit: str
    object: str | None = None
    problem: str = ""
    measure: str = ""
    products: tuple[ProductNeed, ...] = ()
    standards: tuple[str, ...] = ()
    target_d: str | None = None
    target_a: str | None = None
    target_k: str | None = None
    target_result: str | None = None
    target_algorithms: tuple[str, ...] | None = None
    target_protocols: tuple[str, ...] | None = None
    removes: tuple[str, ...] = ()
    shared_with: str | None = None
    priority: str = "P2"
    phase: str = PHASE_NEAR
    owner: str = ""
    target_date: date | None = None
    cost: Decimal | None = None
    cost_note: str = ""
    selected: bool = True
    edited: bool = False
    stale: bool = False
    note: str = ""

    @property
    def active(self) -> bool:
        """Selected and its finding still exists: the item counts in what-if and documents."""
        return self.selected and not self.stale

    @property
    def measure_key(self) -> str:
        """The measure the item stands for: its own key, or the item it shares its measure with."""
        return self.shared_with or self.key

    @property
    def has_object_target(self) -> bool:
        """Whether the measure sets D/A/K of a test object."""
        return self.object is not None and self.target_d is not None


TARGET_FIELDS = ("target_d", "target_a", "target_k", "target_result", "target_algorithms", "target_protocols")
"""The fields of an item that say what its measure achieves (a shared item takes them from its owner)."""


def sync_shared(items: tuple[PlanItem, ...]) -> tuple[PlanItem, ...]:
    """The items with every shared item's targets taken from the item whose measure it is.

    Items that share a measure (``shared_with``) are one measure, so they achieve the same: after
    an edit of the owner's targets, or a regeneration that kept an edited owner, the items that
    stand for its measure follow it.
    """
    owners = {i.key: i for i in items if i.shared_with is None}
    out = []
    for item in items:
        owner = owners.get(item.shared_with) if item.shared_with else None
        out.append(item if owner is None else replace(item, **{f: getattr(owner, f) for f in TARGET_FIELDS}))
    return tuple(out)


@dataclass(frozen=True)
class KeyLifecycleRow:
    """One key type of the key-management chapter, with a text per lifecycle stage."""

    key_type: str
    stages: tuple[tuple[str, str], ...] = ()
    units: tuple[str, ...] = ()

    def stage(self, name: str) -> str:
        """The text of stage ``name`` ("" when missing)."""
        return dict(self.stages).get(name, "")

    @property
    def missing_stages(self) -> tuple[str, ...]:
        """The lifecycle stages without text."""
        texts = dict(self.stages)
        return tuple(s for s in STAGES if not texts.get(s, "").strip())


@dataclass(frozen=True)
class ProductRow:
    """One line of the 部署与产品清单.

    Attributes:
        name: Product name (model).
        type: Certified product type.
        location: Where it is deployed.
        algorithms: Algorithms it provides.
        quantity: How many.
        certificate_no: 商用密码产品认证证书编号.
        valid_until: Certificate validity end.
        module_level: GB/T 37092 security level of its crypto module.
        issuer: Who issued the certificate.
        existing: Already deployed (not bought by the plan).
    """

    name: str
    type: str = ""
    location: str = ""
    algorithms: tuple[str, ...] = ()
    quantity: int = 1
    certificate_no: str = ""
    valid_until: date | None = None
    module_level: int | None = None
    issuer: str = ""
    existing: bool = False


@dataclass(frozen=True)
class ComplianceRow:
    """One line of the 安全与合规性分析 table (one per indicator of the level).

    Attributes:
        unit: Unit id.
        verdict: 符合 or 不适用 (不符合 blocks a final export).
        point: 密码技术应用点.
        measure: The measures taken.
        reason: Why the indicator does not apply (不适用).
        alternative: The equivalent alternative measure (不适用).
    """

    unit: str
    verdict: str
    point: str = ""
    measure: str = ""
    reason: str = ""
    alternative: str = ""


@dataclass(frozen=True)
class Milestone:
    """A milestone of the 实施计划."""

    name: str
    date: date | None = None
    deliverable: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The result of one review check.

    Attributes:
        check: Check id (``resources/plan/review_checks.json``).
        grade: ``must`` or ``should``.
        title: The check's title.
        auto: What the automatic evaluation found: 符合 or 需修改.
        result: The reviewer's result (defaults to ``auto``).
        findings: Why the automatic evaluation failed (one line each).
        note: The reviewer's note.
    """

    check: str
    grade: str
    title: str
    auto: str
    result: str
    findings: tuple[str, ...] = ()
    note: str = ""

    @property
    def passed(self) -> bool:
        """Whether the reviewer's result is 符合."""
        return self.result == REVIEW_PASS


@dataclass(frozen=True)
class Review:
    """One 方案评估 of the plan (earlier reviews stay in the history).

    Attributes:
        number: 1 for the first review, 2 for the second …
        at: When it was made (timezone-aware).
        reviewer: Who reviewed.
        conclusion: 通过 (every must passes) or 需修改.
        results: One result per check.
        plan_fingerprint: SHA-256 of the reviewed plan's content (without its reviews).
        note: Overall remark.
    """

    number: int
    at: datetime
    reviewer: str
    conclusion: str
    results: tuple[CheckResult, ...]
    plan_fingerprint: str = ""
    note: str = ""

    @property
    def failing(self) -> tuple[CheckResult, ...]:
        """The checks whose result is 需修改 (must and should)."""
        return tuple(r for r in self.results if not r.passed)


@dataclass(frozen=True)
class Plan:
    """The 密改方案 of one case.

    Attributes:
        title: Document title (default: system name + 商用密码应用改造方案).
        organisation: 方案编制单位.
        version: Document version.
        issued: Document date.
        filing_level: The level of the 等保 定级备案.
        filing_number: The 等保 备案编号.
        important_data: The system's 重要数据, one entry per kind.
        texts: Chapter texts that override the generated ones, keyed by chapter key.
        elements: Per technical layer, the eight elements' texts.
        management: Per management area (制度/人员/实施/应急), the measures' text.
        items: The measures.
        key_lifecycle: The key-management lifecycle table.
        products: The product list.
        compliance: The 安全与合规性分析 table.
        milestones: The schedule.
        budget_note: Remark on the budget (e.g. funding source).
        reviews: The review history, oldest first.
        next_manual: Counter for the keys of user-added items.
    """

    title: str = ""
    organisation: str = ""
    version: str = "V1.0"
    issued: date | None = None
    filing_level: int | None = None
    filing_number: str = ""
    important_data: tuple[str, ...] = ()
    texts: tuple[tuple[str, str], ...] = ()
    elements: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    management: tuple[tuple[str, str], ...] = ()
    items: tuple[PlanItem, ...] = ()
    key_lifecycle: tuple[KeyLifecycleRow, ...] = ()
    products: tuple[ProductRow, ...] = ()
    compliance: tuple[ComplianceRow, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    budget_note: str = ""
    reviews: tuple[Review, ...] = field(default=())
    next_manual: int = 1

    def item(self, key: str) -> PlanItem | None:
        """The item with ``key``, or None."""
        for item in self.items:
            if item.key == key:
                return item
        return None

    @property
    def active_items(self) -> tuple[PlanItem, ...]:
        """Selected items whose finding still exists."""
        return tuple(i for i in self.items if i.active)

    def text(self, key: str) -> str:
        """The overriding text of chapter ``key`` ("" when none)."""
        return dict(self.texts).get(key, "")

    def layer_elements(self, layer: str) -> dict[str, str]:
        """The eight elements' texts of a technical layer (missing ones absent)."""
        return dict(dict(self.elements).get(layer, ()))

    @property
    def last_review(self) -> Review | None:
        """The newest review, or None."""
        return self.reviews[-1] if self.reviews else None
