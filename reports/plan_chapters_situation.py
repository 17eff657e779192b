"""Chapters 1–4 of the 密改方案 (GB/T 43207 Annex A): 背景, 系统概述, 需求分析, 设计目标及原则.

What the system is and has today, what it needs and what the plan aims at; each chapter appends
its blocks (:mod:`reports.plan_blocks`) to the document's list.
"""

from __future__ import annotations

from app.mipin.engine.catalogue import LEVEL_NAMES
from app.plan.sections import TECHNICAL_LAYERS
from reports.plan_blocks import Block, Heading, Para, Table
from reports.plan_context import PlanContext

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


def chapter_background(c: PlanContext, b: list[Block]) -> None:
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


def chapter_overview(c: PlanContext, b: list[Block]) -> None:
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


def chapter_needs(c: PlanContext, b: list[Block]) -> None:
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


def chapter_goals(c: PlanContext, b: list[Block]) -> None:
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
