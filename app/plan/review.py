"""方案评估: the review checklist over a plan, its conclusion, and the review history.

Each check of ``resources/plan/review_checks.json`` is ``must`` or ``should``. The automatic
evaluation gives 符合 or 需修改 with the findings behind it; the reviewer may set a different
result, always with a note. The review concludes 通过 only when every must check is 符合. A new
review is appended to the plan's history; earlier ones are kept unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from app.core.errors import InputError
from app.mipin.engine import CaseInput, Catalogue, load_catalogue
from app.mipin.engine.case import FAIL, NA
from app.plan.catalogue import PlanCatalogue, load_plan_catalogue
from app.plan.costs import Price, item_costs, measure_items, selection_cost
from app.plan.model import (
    COMPLIANT,
    ELEMENTS,
    MANAGEMENT_AREAS,
    NOT_APPLICABLE,
    PASSED,
    REVIEW_FIX,
    REVIEW_PASS,
    CheckResult,
    Plan,
    Review,
)
from app.plan.projection import project_case, score
from app.plan.sections import TECHNICAL_LAYERS, product_warnings

CERT_ISSUER = "商用密码检测认证中心"


class _Context:
    def __init__(self, case: CaseInput, plan: Plan, prices: Mapping[str, Price], cat: Catalogue, pcat: PlanCatalogue):
        self.case = case
        self.plan = plan
        self.prices = prices
        self.cat = cat
        self.pcat = pcat
        self.items = plan.active_items


def _level_filing(c: _Context) -> list[str]:
    out = []
    if c.plan.filing_level is None:
        out.append("未填写等保定级备案的等级")
    elif c.plan.filing_level != c.case.level:
        out.append(f"方案按第{c.case.level}级设计，与等保备案的第{c.plan.filing_level}级不一致")
    if not c.plan.filing_number.strip():
        out.append("未填写等保备案编号")
    return out


def _indicators(c: _Context) -> list[str]:
    rows = {r.unit: r for r in c.plan.compliance}
    out = []
    for unit in c.cat.units_for_level(c.case.level):
        row = rows.get(unit.id)
        if row is None:
            out.append(f"{unit.id} {unit.name_zh} 未在安全与合规性分析中出现")
        elif row.verdict not in (COMPLIANT, NOT_APPLICABLE):
            out.append(f"{unit.id} {unit.name_zh} 为{row.verdict}")
        elif row.verdict == NOT_APPLICABLE and not (row.reason.strip() and row.alternative.strip()):
            out.append(f"{unit.id} {unit.name_zh} 判为不适用，但未论证理由或未给出等效替代措施")
    return out


def _eight_elements(c: _Context) -> list[str]:
    out = []
    for layer in TECHNICAL_LAYERS:
        applicable = [u for u in c.case.units if u.applicable and u.objects and c.cat.unit(u.id).layer == layer]
        if not applicable:
            continue
        texts = c.plan.layer_elements(layer)
        missing = [name for key, name in ELEMENTS if not texts.get(key, "").strip()]
        if missing:
            out.append(f"{c.cat.layer(layer).name_zh}缺少：{'、'.join(missing)}")
    return out


def _key_management(c: _Context) -> list[str]:
    if not c.plan.key_lifecycle:
        return ["没有密钥管理章节（密钥种类及其生命周期表为空）"]
    return [
        f"{row.key_type} 缺少：{'、'.join(row.missing_stages)}" for row in c.plan.key_lifecycle if row.missing_stages
    ]


def _products(c: _Context) -> list[str]:
    out = [w for _, w in product_warnings(c.plan, c.case.level, c.pcat)]
    if not c.plan.products and any(i.products for i in c.items):
        out.insert(0, "措施需要密码产品，但产品清单为空")
    return out


def _high_risk(c: _Context) -> list[str]:
    projected = score(project_case(c.case, c.items, c.cat), c.cat)
    return [
        f"高风险 {r.item} {r.unit}" + (f"/{r.object}" if r.object else "") + f"（{r.title}）仍未消除"
        for r in projected.open_high_risks
    ]


def _important_data(c: _Context) -> list[str]:
    return [] if any(d.strip() for d in c.plan.important_data) else ["未界定重要数据"]


def _management(c: _Context) -> list[str]:
    texts = dict(c.plan.management)
    return [f"安全管理方案缺少“{area}”方面的措施" for area in MANAGEMENT_AREAS if not texts.get(area, "").strip()]


def _schedule(c: _Context) -> list[str]:
    if len(c.plan.milestones) < 2:
        return ["实施计划至少需要两个里程碑"]
    return [f"里程碑“{m.name}”没有日期" for m in c.plan.milestones if m.date is None]


def _budget(c: _Context) -> list[str]:
    missing = selection_cost(c.items, item_costs(c.plan.items, c.prices))[1]
    if not c.items:
        return ["方案没有纳入任何措施，无法形成经费概算"]
    return (
        [f"{len(missing)} 项措施费用未知：{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}"]
        if missing
        else []
    )


def _level_contradiction(c: _Context) -> list[str]:
    out = []
    for item in c.items:
        if item.target_d is not None and item.target_d != NA:
            requirement = c.cat.unit(item.unit).at_level(c.case.level)
            marks = (item.target_d, item.target_a, item.target_k)
            if FAIL in marks and requirement is not None and requirement.requirement == "应":
                out.append(f"{item.key} 的目标 D/A/K 含 ×，低于“应”条款的要求")
        for name in item.target_algorithms or ():
            algo = c.cat.algorithms.find(name)
            if algo is None or not algo.approved:
                out.append(f"{item.key} 的目标算法 {name} 不是国密核准算法")
        for name in item.target_protocols or ():
            proto = c.cat.protocols.find(name)
            if proto is None or proto.high_risk_item is not None:
                out.append(f"{item.key} 的目标协议 {name} 存在缺陷")
    return out


def _owners(c: _Context) -> list[str]:
    return [f"{i.key} 缺少责任人或完成日期" for i in c.items if not i.owner.strip() or i.target_date is None]


def _products_used(c: _Context) -> list[str]:
    needed = {p.type for i in measure_items(c.items, c.plan.items) for p in i.products}
    listed = {r.type for r in c.plan.products if r.type}
    out = [
        f"产品清单中的“{r.name}”未被任何措施使用" for r in c.plan.products if not r.existing and r.type not in needed
    ]
    out += [f"措施需要的“{t}”不在产品清单中" for t in sorted(needed - listed)]
    return out


def _cert_issuer(c: _Context) -> list[str]:
    return [
        f"新采购产品“{r.name}”的证书颁发机构不是{CERT_ISSUER}"
        for r in c.plan.products
        if not r.existing and CERT_ISSUER not in r.issuer
    ]


CHECKS: dict[str, Callable[[_Context], list[str]]] = {
    "level-filing": _level_filing,
    "indicators": _indicators,
    "eight-elements": _eight_elements,
    "key-management": _key_management,
    "products": _products,
    "high-risk": _high_risk,
    "important-data": _important_data,
    "management": _management,
    "schedule": _schedule,
    "budget": _budget,
    "level-contradiction": _level_contradiction,
    "owners": _owners,
    "products-used": _products_used,
    "cert-issuer": _cert_issuer,
}


def evaluate(
    case: CaseInput,
    plan: Plan,
    prices: Mapping[str, Price] | None = None,
    *,
    catalogue: Catalogue | None = None,
    plan_catalogue: PlanCatalogue | None = None,
) -> tuple[CheckResult, ...]:
    """Run every check of the checklist automatically (results = automatic results)."""
    cat = catalogue or load_catalogue()
    pcat = plan_catalogue or load_plan_catalogue()
    ctx = _Context(case, plan, prices or {}, cat, pcat)
    out = []
    for check in pcat.checks:
        findings = tuple(CHECKS[check.id](ctx))
        auto = REVIEW_FIX if findings else REVIEW_PASS
        out.append(CheckResult(check.id, check.grade, check.title, auto, auto, findings))
    return tuple(out)


def conclude(results: tuple[CheckResult, ...]) -> str:
    """通过 when every must check is 符合, else 需修改."""
    return PASSED if all(r.passed for r in results if r.grade == "must") else REVIEW_FIX


def plan_fingerprint(plan_data: Mapping[str, object]) -> str:
    """SHA-256 of a dumped plan without its reviews (what a review refers to)."""
    content = {k: v for k, v in plan_data.items() if k != "reviews"}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def review_plan(
    case: CaseInput,
    plan: Plan,
    prices: Mapping[str, Price] | None = None,
    *,
    reviewer: str = "",
    overrides: Mapping[str, tuple[str, str]] | None = None,
    note: str = "",
    at: datetime | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[Plan, Review]:
    """Review the plan and append the review to its history.

    Args:
        case: The case.
        plan: The plan.
        prices: The price list (for the budget check).
        reviewer: Who reviews.
        overrides: Per check id, (result, note) set by the reviewer; a result that differs from
            the automatic one needs a note.
        note: Overall remark.
        at: When (default now, UTC).
        catalogue: Default :func:`~app.mipin.engine.load_catalogue`.

    Raises:
        InputError: An override names an unknown check, a bad result, or lacks its note.
    """
    from app.plan.plandump import dump_plan

    results = list(evaluate(case, plan, prices, catalogue=catalogue))
    ids = {r.check: n for n, r in enumerate(results)}
    for check_id, (result, why) in (overrides or {}).items():
        if check_id not in ids:
            raise InputError(f"overrides.{check_id}", "没有这一评估项")
        if result not in (REVIEW_PASS, REVIEW_FIX):
            raise InputError(f"overrides.{check_id}", f"结果应为 {REVIEW_PASS} 或 {REVIEW_FIX}")
        current = results[ids[check_id]]
        if result != current.auto and not why.strip():
            raise InputError(f"overrides.{check_id}", "改变自动评估结果时必须填写评估意见")
        results[ids[check_id]] = replace(current, result=result, note=why)
    final = tuple(results)
    review = Review(
        number=len(plan.reviews) + 1,
        at=at or datetime.now(UTC),
        reviewer=reviewer,
        conclusion=conclude(final),
        results=final,
        plan_fingerprint=plan_fingerprint(dump_plan(plan)),
        note=note,
    )
    return replace(plan, reviews=(*plan.reviews, review)), review
