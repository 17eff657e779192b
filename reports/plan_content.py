"""The content of the 密改方案 and the 方案评估报告 as neutral blocks, rendered to DOCX and PDF.

One builder decides what the documents say (chapters of GB/T 43207-2023 Annex A, tables, texts);
:mod:`reports.plan_docx` and :mod:`reports.plan_pdf` only lay the blocks out, so the two formats
never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.mipin.engine import CaseInput, Catalogue, ScoreResult, load_catalogue
from app.mipin.engine.catalogue import LEVEL_NAMES
from app.plan.costs import Price, effective_cost, format_amount, item_costs, selection_cost
from app.plan.model import COST_SHARED, ELEMENTS, MANAGEMENT_AREAS, STAGES, Plan, PlanItem
from app.plan.projection import project_case, score
from app.plan.sections import TECHNICAL_LAYERS, compliance_blockers, product_warnings


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 chapter, 2 section, 3 subsection."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A body paragraph (``note`` ones are smaller and muted)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; widths in mm (the last 0 takes the rest)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""


Block = Heading | Para | Table


@dataclass(frozen=True)
class Document:
    """A whole document: cover lines, draft flag and the blocks of its body."""

    title: str
    subtitle: str
    cover_lines: tuple[str, ...]
    running_title: str
    blocks: tuple[Block, ...]
    draft: bool = False
    keywords: tuple[str, ...] = field(default=())


PRINCIPLES = (
    (
        "总体性原则",
        "从系统整体出发统筹设计密码应用，技术与管理并重，覆盖物理和环境、网络和通信、设备和计算、应用和数据各层面。",
    ),
    ("完备性原则", "逐项对应 GB/T 39786—2021 相应等级的全部测评指标，不适用项均给出理由和等效替代措施。"),
    ("适用性原则", "结合系统现有架构与业务特点选择密码技术和产品，避免影响业务连续性。"),
    ("经济性原则", "优先利用现有合规密码设施，在满足要求的前提下控制建设和运维成本。"),
)
BASIS = (
    "GB/T 39786—2021 信息安全技术 信息系统密码应用基本要求",
    "GB/T 43207—2023 信息安全技术 信息系统密码应用设计指南",
    "GB/T 43206—2023 信息安全技术 信息系统密码应用测评要求",
    "GB/T 37092—2018 信息安全技术 密码模块安全要求",
    "信息系统密码应用高风险判定指引（密评联委会，2021年12月）",
    "商用密码应用安全性评估量化评估规则（2023年版）",
)


def _d(value: object) -> str:
    return str(value.isoformat()) if hasattr(value, "isoformat") else "—"


@dataclass(frozen=True)
class _Context:
    """What every chapter of the plan document reads."""

    case: CaseInput
    plan: Plan
    prices: Mapping[str, Price]
    cat: Catalogue
    items: tuple[PlanItem, ...]
    current: ScoreResult
    projected: ScoreResult
    system: str
    level: str
    texts: dict[str, str]


def _chapter_background(c: _Context, b: list[Block]) -> None:
    """Chapter 1 背景."""
    current, system, level, texts = c.current, c.system, c.level, c.texts
    b.append(Heading("1 背景"))
    b.append(
        Para(
            texts.get("background")
            or f"依据《中华人民共和国密码法》《商用密码管理条例》和 GB/T 39786—2021 的要求，{system}作为{level}信息系统，"
            f"应使用商用密码进行保护并开展商用密码应用安全性评估。经评估，系统当前综合得分为 {current.total} 分，"
            f"结论为“{current.conclusion}”，存在 {len(current.open_high_risks)} 项未缓解的高风险。为落实测评报告的整改建议，"
            f"结合系统实际情况，编制本商用密码应用改造方案。"
        )
    )


def _chapter_overview(c: _Context, b: list[Block]) -> None:
    """Chapter 2 系统概述."""
    case, plan, cat, current, system, level, texts = c.case, c.plan, c.cat, c.current, c.system, c.level, c.texts
    b.append(Heading("2 系统概述"))
    b.append(Heading("2.1 基本情况", 2))
    rows = (
        ("系统名称", system),
        ("责任单位", case.system.client or "—"),
        (
            "等保定级备案",
            f"{LEVEL_NAMES.get(plan.filing_level or 0, '未填写')}，备案编号：{plan.filing_number or '未填写'}",
        ),
        ("密码应用等级", level),
        ("密评情况", f"报告编号 {case.system.report_no or '—'}，综合得分 {current.total}，结论 {current.conclusion}"),
    )
    b.append(Table(("项目", "内容"), rows, (40, 0)))
    b.append(Heading("2.2 计算平台现状", 2))
    for layer in TECHNICAL_LAYERS[:3]:
        names = [o.name for u in case.units if u.applicable and cat.unit(u.id).layer == layer for o in u.objects]
        listed = "、".join(dict.fromkeys(names)) or "无适用的测评对象"
        b.append(Para(f"{cat.layer(layer).name_zh}：{listed}。"))
    b.append(Heading("2.3 业务应用现状", 2))
    b.append(Para(texts.get("business") or f"{system}承载的业务应用及其测评对象见表 2-1；各对象的密码应用现状见 2.4。"))
    b.append(Heading("2.4 密码应用现状", 2))
    cur_rows = []
    for unit_score in current.units:
        for obj in unit_score.objects:
            if obj.status == "unit_na":
                continue
            algos = case.unit(unit_score.unit)
            algorithms = ""
            if algos is not None and (o := algos.object(obj.name)) is not None:
                algorithms = "、".join(o.algorithms)
            cur_rows.append(
                (
                    unit_score.unit,
                    obj.name,
                    f"{obj.d or '—'}{obj.a or '—'}{obj.k or '—'}",
                    algorithms or "—",
                    str(obj.score),
                )
            )
    b.append(
        Table(
            ("指标", "测评对象", "D/A/K", "密码算法", "得分"),
            tuple(cur_rows),
            (16, 52, 18, 0, 18),
            "表 2-1 密码应用现状",
        )
    )
    b.append(Heading("2.5 密码应用管理现状", 2))
    mgmt = tuple(
        (u.unit, u.name_zh, u.result or u.verdict) for u in current.units if cat.unit(u.unit).group == "management"
    )
    b.append(Table(("指标", "名称", "测评结果"), mgmt, (18, 0, 30)))


def _chapter_needs(c: _Context, b: list[Block]) -> None:
    """Chapter 3 密码应用需求分析."""
    case, cat, items, current = c.case, c.cat, c.items, c.current
    b.append(Heading("3 密码应用需求分析"))
    b.append(
        Para(
            "依据 GB/T 39786—2021 相应等级的要求，逐项分析各测评指标的现状与需求；不适用的指标须论证理由并给出替代措施。"
        )
    )
    need_rows = []
    risks_by_unit: dict[str, list[str]] = {}
    for risk in current.high_risks:
        if risk.status != "dismissed":
            risks_by_unit.setdefault(risk.unit, []).append(
                f"{risk.item}（{'已缓解' if risk.status != 'high' else '高风险'}）"
            )
    for unit_score in current.units:
        requirement = cat.unit(unit_score.unit).at_level(case.level)
        measures = [i.measure for i in items if i.unit == unit_score.unit]
        need = "；".join(measures) if measures else ("论证不适用" if not unit_score.applicable else "保持现状")
        need_rows.append(
            (
                f"{unit_score.unit} {unit_score.name_zh}",
                requirement.requirement if requirement else "—",
                unit_score.verdict,
                "、".join(risks_by_unit.get(unit_score.unit, [])) or "—",
                need,
            )
        )
    b.append(Table(("指标", "要求", "现状", "高风险", "需求"), tuple(need_rows), (40, 12, 18, 24, 0)))


def _chapter_goals(c: _Context, b: list[Block]) -> None:
    """Chapter 4 设计目标及原则."""
    current, projected, system, level, texts = c.current, c.projected, c.system, c.level, c.texts
    b.append(Heading("4 设计目标及原则"))
    b.append(Heading("4.1 设计目标", 2))
    b.append(
        Para(
            texts.get("goal")
            or f"按本方案实施后，{system}满足 GB/T 39786—2021 {level}要求：预计综合得分 {projected.total} 分，"
            f"结论为“{projected.conclusion}”，剩余高风险 {len(projected.open_high_risks)} 项。"
        )
    )
    layer_rows = tuple(
        (
            lc.name_zh,
            str(lc.score) if lc.score is not None else "不适用",
            str(lp.score) if lp.score is not None else "不适用",
        )
        for lc, lp in zip(current.layers, projected.layers, strict=True)
    )
    b.append(
        Table(
            ("层面", "现状得分", "实施后得分"),
            (*layer_rows, ("综合得分", str(current.total), str(projected.total))),
            (0, 35, 35),
        )
    )
    b.append(Heading("4.2 设计原则", 2))
    for name, text in PRINCIPLES:
        b.append(Para(f"{name}：{text}"))
    b.append(Heading("4.3 设计依据", 2))
    for text in BASIS:
        b.append(Para(text))


def _chapter_technical(c: _Context, b: list[Block]) -> None:
    """Chapter 5 密码应用技术方案."""
    plan, cat, items, texts = c.plan, c.cat, c.items, c.texts
    b.append(Heading("5 密码应用技术方案"))
    b.append(Heading("5.1 密码应用技术框架", 2))
    b.append(
        Para(
            texts.get("framework")
            or "按 GB/T 43207—2023 的密码应用技术框架，方案分为计算平台密码应用（物理和环境、网络和通信、设备和计算）、"
            "密码支撑平台（服务器密码机、签名验签服务器、证书认证等密码基础设施）和业务应用密码应用（应用和数据）三部分。"
        )
    )
    element_names = dict(ELEMENTS)
    for n, layer in enumerate(TECHNICAL_LAYERS, start=2):
        name = cat.layer(layer).name_zh
        b.append(Heading(f"5.{n} {name}", 2))
        texts_of_layer = plan.layer_elements(layer)
        if not texts_of_layer:
            b.append(Para("本层面的测评指标均不适用（理由见第 8 章）。"))
            continue
        b.append(
            Table(
                ("要素", "内容"),
                tuple((element_names[k], texts_of_layer.get(k, "") or "—") for k, _ in ELEMENTS),
                (32, 0),
            )
        )
        layer_items = [i for i in items if cat.unit(i.unit).layer == layer]
        if layer_items:
            rows2 = tuple(
                (
                    i.unit + (f"/{i.object}" if i.object else ""),
                    i.measure,
                    "、".join(f"{p.type}×{p.quantity}" for p in i.products) or "—",
                    f"{i.target_d}{i.target_a}{i.target_k}" if i.target_d else (i.target_result or "—"),
                    i.priority,
                )
                for i in layer_items
            )
            b.append(
                Table(
                    ("对象", "密码措施", "产品", "目标", "优先级"), rows2, (36, 0, 32, 14, 14), f"表 5-{n} {name}措施"
                )
            )


def _chapter_keys(c: _Context, b: list[Block]) -> None:
    """Chapter 6 密钥管理."""
    plan = c.plan
    b.append(Heading("6 密钥管理"))
    b.append(
        Para(
            "本章独立说明系统涉及的各类密钥及其全生命周期管理（生成、存储、分发、导入导出、使用、备份、恢复、归档、销毁）。"
        )
    )
    for n, row in enumerate(plan.key_lifecycle, start=1):
        b.append(Heading(f"6.{n} {row.key_type}", 2))
        b.append(Table(("环节", "管理措施"), tuple((s, row.stage(s) or "—") for s in STAGES), (24, 0)))


def _chapter_products(c: _Context, b: list[Block]) -> None:
    """Chapter 7 部署与产品清单."""
    case, plan = c.case, c.plan
    b.append(Heading("7 部署与产品清单"))
    prod_rows = tuple(
        (
            str(n),
            r.name,
            r.location or "—",
            "、".join(r.algorithms) or "—",
            str(r.quantity),
            r.certificate_no or "—",
            _d(r.valid_until),
            f"{r.module_level}级" if r.module_level else "—",
        )
        for n, r in enumerate(plan.products, start=1)
    )
    b.append(
        Table(
            ("序号", "产品名称", "部署位置", "算法", "数量", "认证证书编号", "有效期", "模块等级"),
            prod_rows,
            (10, 30, 0, 20, 10, 30, 20, 14),
        )
    )
    for _, warning in product_warnings(plan, case.level):
        b.append(Para(f"注意：{warning}", note=True))


def _chapter_compliance(c: _Context, b: list[Block]) -> None:
    """Chapter 8 安全与合规性分析."""
    plan = c.plan
    b.append(Heading("8 安全与合规性分析"))
    comp_rows = tuple(
        (
            f"{r.unit}",
            r.point,
            r.measure or "—",
            r.verdict,
            "；".join(
                x
                for x in (
                    f"理由：{r.reason}" if r.reason else "",
                    f"替代措施：{r.alternative}" if r.alternative else "",
                )
                if x
            )
            or "—",
        )
        for r in plan.compliance
    )
    b.append(Table(("指标", "密码技术应用点", "采取措施", "符合性", "说明"), comp_rows, (14, 32, 0, 14, 40)))
    for blocker in compliance_blockers(plan):
        b.append(Para(f"待处理：{blocker}", note=True))


def _chapter_management(c: _Context, b: list[Block]) -> None:
    """Chapter 9 安全管理方案."""
    plan = c.plan
    b.append(Heading("9 安全管理方案"))
    management = dict(plan.management)
    for n, area in enumerate(MANAGEMENT_AREAS, start=1):
        b.append(Heading(f"9.{n} {area}", 2))
        b.append(Para(management.get(area) or "（未填写）"))


def _chapter_assurance(c: _Context, b: list[Block]) -> None:
    """Chapter 10 实施保障方案."""
    plan, prices, items, texts = c.plan, c.prices, c.items, c.texts
    b.append(Heading("10 实施保障方案"))
    b.append(Heading("10.1 实施内容", 2))
    cost_rows = []
    costs = item_costs(plan.items, prices)
    known, unknown_measures = selection_cost(items, costs)  # each measure once
    unknown = len(unknown_measures)
    for n, i in enumerate(items, start=1):
        value, source = effective_cost(i, prices, plan.items)
        text = format_amount(value) + (f"（{i.cost_note}）" if i.cost_note and value is not None else "")
        if source == COST_SHARED:
            text = f"计入 {i.shared_with}（同一措施）"
        cost_rows.append(
            (
                str(n),
                i.unit + (f"/{i.object}" if i.object else ""),
                i.priority,
                i.phase,
                i.owner or "—",
                _d(i.target_date),
                text,
            )
        )
    b.append(
        Table(
            ("序号", "条目", "优先级", "阶段", "责任人", "完成时间", "费用（万元）"),
            tuple(cost_rows),
            (10, 0, 14, 16, 30, 22, 26),
        )
    )
    b.append(Heading("10.2 实施计划与里程碑", 2))
    b.append(
        Table(
            ("里程碑", "日期", "交付物"),
            tuple((m.name, _d(m.date), m.deliverable or "—") for m in plan.milestones),
            (40, 26, 0),
        )
    )
    b.append(Heading("10.3 保障措施", 2))
    b.append(
        Para(
            texts.get("assurance")
            or "成立由系统责任单位牵头的密码应用改造工作组，明确组织、人员、经费、质量与监督保障；实施过程中的方案变更须重新确认。"
        )
    )
    b.append(Heading("10.4 经费概算", 2))
    example = any(i.cost_note == "示例" for i in items)
    measures = len({i.measure_key for i in items})
    summary = (
        f"纳入方案的 {len(items)} 项条目（{measures} 项措施，同一措施只计一次）经费合计 {format_amount(known)} 万元"
    )
    if unknown:
        summary += f"，另有 {unknown} 项措施费用未知（未计入）"
    if example:
        summary += "。以上费用为示例数据，须以实际询价为准"
    b.append(Para(summary + "。"))
    if plan.budget_note:
        b.append(Para(plan.budget_note, note=True))


_CHAPTERS = (
    _chapter_background,
    _chapter_overview,
    _chapter_needs,
    _chapter_goals,
    _chapter_technical,
    _chapter_keys,
    _chapter_products,
    _chapter_compliance,
    _chapter_management,
    _chapter_assurance,
)
"""Chapters 1–10 of GB/T 43207 Annex A, in order."""


def plan_document(
    case: CaseInput, plan: Plan, prices: Mapping[str, Price] | None = None, *, draft: bool = False
) -> Document:
    """The 密码应用改造方案 of ``case`` as blocks (chapters 1–10 of GB/T 43207 Annex A)."""
    cat = load_catalogue()
    prices = prices or {}
    items = plan.active_items
    current = score(case, cat)
    projected = score(project_case(case, items, cat), cat)
    system = case.system.name or "被测信息系统"
    level = LEVEL_NAMES[case.level]
    b: list[Block] = []
    texts = dict(plan.texts)
    c = _Context(case, plan, prices, cat, items, current, projected, system, level, texts)
    for chapter in _CHAPTERS:
        chapter(c, b)

    blockers = compliance_blockers(plan)
    return Document(
        title=plan.title or f"{system}商用密码应用改造方案",
        subtitle="商用密码应用改造方案（依据 GB/T 43207—2023 附录 A）",
        cover_lines=(
            f"编制单位：{plan.organisation or '—'}",
            f"版本：{plan.version}",
            f"日期：{_d(plan.issued)}",
        ),
        running_title=plan.title or f"{system}商用密码应用改造方案",
        blocks=tuple(b),
        draft=draft or bool(blockers),
        keywords=("密改方案", "GB/T 43207-2023"),
    )
