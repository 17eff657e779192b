"""Chapters 5–10 of the 密改方案 (GB/T 43207 Annex A): 技术方案, 密钥管理, 产品清单, 合规性, 管理, 实施保障.

The technical design, key management, products, compliance, the management measures and the
implementation (plan, milestones, budget). Each chapter appends its blocks
(:mod:`reports.plan_blocks`) to the document's list.
"""

from __future__ import annotations

from app.plan.costs import effective_cost, format_amount, item_costs, selection_cost
from app.plan.model import COST_SHARED, ELEMENTS, MANAGEMENT_AREAS, STAGES
from app.plan.sections import TECHNICAL_LAYERS, compliance_blockers, product_warnings
from reports.plan_blocks import Block, Heading, Para, Table
from reports.plan_context import PlanContext, date_text


def chapter_technical(c: PlanContext, b: list[Block]) -> None:
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


def chapter_keys(c: PlanContext, b: list[Block]) -> None:
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


def chapter_products(c: PlanContext, b: list[Block]) -> None:
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
            date_text(r.valid_until),
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


def chapter_compliance(c: PlanContext, b: list[Block]) -> None:
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


def chapter_management(c: PlanContext, b: list[Block]) -> None:
    """Chapter 9 安全管理方案."""
    plan = c.plan
    b.append(Heading("9 安全管理方案"))
    management = dict(plan.management)
    for n, area in enumerate(MANAGEMENT_AREAS, start=1):
        b.append(Heading(f"9.{n} {area}", 2))
        b.append(Para(management.get(area) or "（未填写）"))


def chapter_assurance(c: PlanContext, b: list[Block]) -> None:
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
                date_text(i.target_date),
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
            tuple((m.name, date_text(m.date), m.deliverable or "—") for m in plan.milestones),
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
