"""Derived report tables: asset inventory, risk analysis rows, problems and suggestions.

Everything here is computed from the engine's result, the catalogue and the bundle's extra
data; nothing is scored here.

Rules (documented because a reader of the report may ask):

* **Asset category** (chapter 2.4) of a test object: its stored ``kind`` when that names one of
  the template's categories; otherwise the first keyword rule that matches its name or kind
  (:data:`KEYWORD_RULES`); otherwise the category of the first unit it is tested in
  (:data:`UNIT_CATEGORY`).
* **Risk value** (chapter 6) of a 部分符合/不符合 unit: the risk matrix applied to the
  likelihood and impact rated in the 高风险判定 tab (the matrix's default rating when the unit
  was not rated); a unit with an unmitigated guide high risk is 高 whatever the rating,
  because "if any high-risk item exists, the system faces high risk".
* **Untested units** (未测, drafts only) are not risks by default. A unit that is not finished
  but already shows a problem (an object scored below 1, or an open high risk) gets a row with
  the verdict 未测; it takes the assessor's rating if there is one and otherwise **no rating**
  (``—`` and 未评定), never the matrix default. Its open high risk still makes it 高.
* **System risk level**: 高 if any risk is 高 or any guide high risk is open; else 中 if any
  risk is 中; else 低.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.mipin.engine import CaseInput, Catalogue, HighRisk, ScoreResult, UnitScore
from app.mipin.engine.case import NONCONFORM, PARTIAL, UNTESTED
from app.mipin.engine.caserecord import ObjectDefinition, RiskRatingInput
from app.mipin.riskmatrix import load_risk_matrix

ASSET_CATEGORIES = (
    "物理环境",
    "物理安防设施",
    "密码产品",
    "服务器/存储设备",
    "网络及安全设备",
    "数据库管理系统",
    "关键业务应用",
    "重要数据",
    "安全管理文档",
    "人员",
)
"""The template's asset tables (2.4), in order."""

KEYWORD_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("密码产品", ("密码机", "签名验签", "智能密码钥匙", "UKey", "密码卡", "时间戳服务器", "证书认证", "密钥管理系统")),
    ("数据库管理系统", ("数据库管理系统", "DBMS", "MySQL", "Oracle", "达梦", "金仓", "PostgreSQL")),
    ("服务器/存储设备", ("服务器", "主机", "存储设备", "堡垒机", "终端", "虚拟机")),
    ("网络及安全设备", ("防火墙", "路由", "交换机", "网关", "VPN", "负载均衡", "网闸", "通道", "信道")),
    ("重要数据", ("数据", "档案", "记录", "附件", "文件")),
    ("物理安防设施", ("门禁", "视频监控", "NVR", "摄像")),
    ("物理环境", ("机房", "区域", "场所")),
    ("关键业务应用", ("应用", "系统", "平台", "端", "APP", "小程序", "接口")),
)

UNIT_CATEGORY = {
    "PE-1": "物理环境",
    "PE-2": "重要数据",
    "PE-3": "重要数据",
    "AD-4": "重要数据",
    "AD-5": "重要数据",
    "AD-6": "重要数据",
    "AD-7": "重要数据",
}
_LAYER_CATEGORY = {"PE": "物理安防设施", "NC": "网络及安全设备", "DC": "服务器/存储设备", "AD": "关键业务应用"}

MAX_OBJECTS_PER_ISSUE = 5
"""How many failing objects a problem description names before summarising the rest."""
MAX_RISK_PROBLEM = 64
"""Characters of the problem description shown in the chapter 6 risk table."""

_INTERNAL_REFERENCE = re.compile(r"（见[^）]*\.md[^）]*）")


@dataclass(frozen=True)
class AssetRow:
    """One asset in a chapter 2.4 table: the object, its type and the units testing it."""

    name: str
    kind: str
    units: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class AssetGroup:
    """One asset category with its rows (possibly empty)."""

    category: str
    rows: tuple[AssetRow, ...]


@dataclass(frozen=True)
class RiskRow:
    """One row of the chapter 6 risk table.

    Attributes:
        unit: Unit id.
        unit_name: Unit name.
        layer: Layer name.
        verdict: 部分符合 / 不符合, or 未测 for an unfinished unit that already shows a problem.
        problem: Short problem description.
        likelihood: 高/中/低.
        impact: 高/中/低.
        risk: 高/中/低 (after the high-risk rule).
        rated: False when the likelihood and impact are the matrix defaults.
        basis: Why the value is what it is (rating, or the open guide item).
        forced: The unit has an unmitigated guide high risk, so ``risk`` is 高 whatever the rating.
        pending: The unit is not finished (未测); unrated, its likelihood/impact are ``—`` and its risk 未评定.
    """

    unit: str
    unit_name: str
    layer: str
    verdict: str
    problem: str
    likelihood: str
    impact: str
    risk: str
    rated: bool
    basis: str
    forced: bool
    pending: bool = False


@dataclass(frozen=True)
class Issue:
    """A 安全问题 and its 改进建议 for one unit."""

    unit: str
    unit_name: str
    verdict: str
    problem: str
    suggestion: str


@dataclass(frozen=True)
class LayerIssues:
    """The issues of one layer (empty when every unit conforms or does not apply)."""

    code: str
    name_zh: str
    issues: tuple[Issue, ...]


def _category(info: ObjectDefinition, first_unit: str) -> str:
    if info.kind in ASSET_CATEGORIES:
        return info.kind
    text = f"{info.name} {info.kind}"
    for category, words in KEYWORD_RULES:
        if any(w.casefold() in text.casefold() for w in words):
            return category
    return UNIT_CATEGORY.get(first_unit, _LAYER_CATEGORY.get(first_unit.split("-", maxsplit=1)[0], "关键业务应用"))


def classify_assets(case: CaseInput, objects: Sequence[ObjectDefinition], cat: Catalogue) -> tuple[AssetGroup, ...]:
    """Group the case's test objects into the template's asset categories.

    Technical objects come from the case (with ``objects`` supplying their stored types);
    the management documents and staff come from the catalogue's fixed management objects.
    """
    units_of: dict[str, list[str]] = {}
    for unit in case.units:
        for obj in unit.objects:
            units_of.setdefault(obj.name, []).append(unit.id)
    infos = {o.name: o for o in objects}
    names = list(dict.fromkeys([*(o.name for o in objects), *units_of]))
    grouped: dict[str, list[AssetRow]] = {c: [] for c in ASSET_CATEGORIES}
    for name in names:
        info = infos.get(name, ObjectDefinition(name))
        units = tuple(units_of.get(name, ()))
        grouped[_category(info, units[0] if units else "")].append(AssetRow(name, info.kind, units, info.note))
    documents: dict[str, list[str]] = {}
    for definition in cat.units_for_level(case.level):
        if definition.is_technical:
            continue
        for text in definition.test_object_types:
            for part in _document_names(text):
                documents.setdefault(part, []).append(definition.id)
    for name, unit_ids in documents.items():
        category = "人员" if "人员" in name else "安全管理文档"
        grouped[category].append(AssetRow(name, "管理测评对象", tuple(dict.fromkeys(unit_ids))))
    return tuple(AssetGroup(c, tuple(grouped[c])) for c in ASSET_CATEGORIES)


def _document_names(text: str) -> list[str]:
    # "管理体系（安全管理制度类文档、…、系统相关人员）" and "①…；②管理体系（…）" → the listed items.
    out: list[str] = []
    for chunk in text.replace("①", "").replace("②", "；").split("；"):
        inner = chunk[chunk.find("（") + 1 : chunk.rfind("）")] if "（" in chunk else chunk
        out.extend(p.strip() for p in inner.split("、") if p.strip())
    return out


def remediation_text(definition_remediations: Sequence[str], unit_name: str) -> str:
    """The catalogue's typical remediations as one sentence, without internal document references."""
    parts = [_INTERNAL_REFERENCE.sub("", r).strip() for r in definition_remediations]
    parts = [p for p in parts if p]
    if not parts:
        return f"按 GB/T 39786—2021 相应条款落实“{unit_name}”要求。"
    return "；".join(parts) + "。"


def _object_problem(unit: UnitScore) -> str:
    failing = []
    for obj in unit.objects:
        if obj.status == "untested":
            failing.append(f"“{obj.name}”尚未测评")
            continue
        if obj.status != "scored" or obj.score is None or obj.score >= 1:
            continue
        reasons = []
        if obj.d == "×":
            reasons.append("未采用密码技术或密码技术实现机制不正确、无效（D=×）")
        else:
            if obj.a == "×":
                reasons.append("密码算法/技术/产品不合规（A=×）")
            if obj.k == "×":
                reasons.append("密钥管理不满足要求（K=×）")
        failing.append(f"“{obj.name}”{'，'.join(reasons)}，得分 {obj.score}")
    if not failing:
        return f"{unit.unit} {unit.name_zh}判定为{unit.verdict}。"
    shown = failing[:MAX_OBJECTS_PER_ISSUE]
    rest = len(failing) - len(shown)
    more = f"；另有 {rest} 个测评对象存在类似问题（详见附录A）" if rest else ""
    return "；".join(shown) + more + "。"


def _management_problem(unit: UnitScore, record: str | None) -> str:
    base = f"{unit.unit} {unit.name_zh}判定为{unit.verdict}"
    return f"{base}：{record}" if record else f"{base}。"


def _open_high_risks_by_unit(result: ScoreResult) -> dict[str, list[HighRisk]]:
    out: dict[str, list[HighRisk]] = {}
    for risk in result.open_high_risks:
        out.setdefault(risk.unit, []).append(risk)
    return out


def _joined(parts: Iterable[str]) -> str:
    return "、".join(dict.fromkeys(parts))


UNRATED = "未评定"
"""The risk value of an unfinished unit that nobody has rated yet (never a default rating)."""
_PROBLEM_VERDICTS = (PARTIAL, NONCONFORM)


def shows_problem(unit: UnitScore, result: ScoreResult) -> bool:
    """Whether ``unit`` is a chapter-6 risk: 部分符合/不符合, or 未测 with a problem found already."""
    if unit.verdict in _PROBLEM_VERDICTS:
        return True
    if unit.verdict != UNTESTED:
        return False
    found = any(o.status == "scored" and o.score is not None and o.score < 1 for o in unit.objects)
    return found or any(r.unit == unit.unit for r in result.open_high_risks)


def layer_issues(case: CaseInput, result: ScoreResult, cat: Catalogue) -> tuple[LayerIssues, ...]:
    """Problems (部分符合/不符合 units, unfinished units with a problem) and suggestions, per layer."""
    open_items = _open_high_risks_by_unit(result)
    out = []
    for layer in result.layers:
        issues = []
        for unit in result.units:
            if unit.layer != layer.code or not shows_problem(unit, result):
                continue
            definition = cat.unit(unit.unit)
            if definition.is_technical:
                problem = _object_problem(unit)
            else:
                entry = case.unit(unit.unit)
                problem = _management_problem(unit, entry.record if entry else None)
            if unit.unit in open_items:
                problem += f"存在未缓解的高风险（{_joined(f'{r.item} {r.title}' for r in open_items[unit.unit])}）。"
            suggestion = remediation_text(definition.typical_remediations, unit.name_zh)
            issues.append(Issue(unit.unit, unit.name_zh, unit.verdict, problem, suggestion))
        out.append(LayerIssues(layer.code, layer.name_zh, tuple(issues)))
    return tuple(out)


def risk_rows(
    result: ScoreResult,
    ratings: Sequence[RiskRatingInput],
    cat: Catalogue,
    issues: Sequence[LayerIssues] = (),
) -> tuple[RiskRow, ...]:
    """One risk row per 部分符合/不符合 unit (and unfinished unit with a problem), in catalogue order.

    See the module rules; an untested unit never gets the matrix's default rating.

    Args:
        result: The engine's result.
        ratings: Likelihood/impact ratings from the 高风险判定 tab.
        cat: The catalogue.
        issues: The problem descriptions (:func:`layer_issues`), shortened into the table.
    """
    problems = {i.unit: i.problem for layer in issues for i in layer.issues}
    matrix = load_risk_matrix()
    rated = {r.unit: r for r in ratings}
    open_items = _open_high_risks_by_unit(result)
    rows = []
    for unit in result.units:
        if not shows_problem(unit, result):
            continue
        pending = unit.verdict == UNTESTED
        rating = rated.get(unit.unit)
        if rating:
            likelihood, impact = rating.likelihood, rating.impact
            value, basis = matrix.risk(likelihood, impact), rating.note or "按评定结果"
        elif pending:
            likelihood = impact = "—"
            value, basis = UNRATED, "尚未测完，测完后再评定风险"
        else:
            likelihood, impact = matrix.default_likelihood, matrix.default_impact
            value, basis = matrix.risk(likelihood, impact), "未评定，按默认值"
        forced = unit.unit in open_items
        if forced:
            value = "高"
            basis = f"高风险判定指引 {_joined(r.item for r in open_items[unit.unit])} 未缓解"
        layer = cat.layer(unit.layer).name_zh
        problem = f"尚未测完（当前得分下限 {unit.score}）" if pending else f"{unit.verdict}（得分 {unit.score}）"
        detail = problems.get(unit.unit, "")
        if detail:
            detail = detail if len(detail) <= MAX_RISK_PROBLEM else detail[: MAX_RISK_PROBLEM - 1] + "…"
            problem += f"：{detail}"
        rows.append(
            RiskRow(
                unit.unit,
                unit.name_zh,
                layer,
                unit.verdict,
                problem,
                likelihood,
                impact,
                value,
                bool(rating),
                basis,
                forced,
                pending,
            )
        )
    return tuple(rows)


def system_risk_level(result: ScoreResult, rows: Sequence[RiskRow]) -> str:
    """The system's overall risk 高/中/低 (see the module rules)."""
    values = {r.risk for r in rows}
    if result.open_high_risks or "高" in values:
        return "高"
    if "中" in values:
        return "中"
    return "低"
