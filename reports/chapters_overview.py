"""Chapters 1 (测评项目概述) and 2 (被测系统情况)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.mipin.engine.definitions import TECHNICAL
from reports.charts import process_figure
from reports.copies import distribution_sentence, plan_copies
from reports.doctemplate import Heading
from reports.model import ReportModel, format_date
from reports.styles import styles
from reports.tables import body, cell, data_table, text, widths
from reports.textblocks import BASIS_STANDARDS, PHASE_TASKS, PURPOSE, REFERENCE_STANDARDS, TERMS, THREATS

MAX_NAMES = 6


def _short_date(value: date | None) -> str:
    return "—" if value is None else value.isoformat()


def chapter1(model: ReportModel, copies: int) -> list[Flowable]:
    """1 测评项目概述: purpose, basis, process phases, distribution."""
    st = styles()
    out: list[Flowable] = [
        Heading("1  测评项目概述", 0, "ch1"),
        Heading("1.1  测评目的", 1, "ch1-1"),
        body(PURPOSE.format(system=model.system_name)),
        Heading("1.2  测评依据", 1, "ch1-2"),
        Heading("1.2.1  依据标准和规范", 2, "ch1-2-1"),
        data_table(
            ["序号", "标准编号", "标准名称"],
            [[str(i), no, cell(name)] for i, (no, name) in enumerate(BASIS_STANDARDS, start=1)],
            widths(14, 36, 0),
            center_cols=(0, 1),
        ),
        text("其中 GB/T 39786—2021 为本次评估的要求依据，其余为测评实施与结论判定依据。", st.note),
        Heading("1.2.2  参考标准和规范", 2, "ch1-2-2"),
        data_table(
            ["序号", "标准编号", "标准名称"],
            [[str(i), no, cell(name)] for i, (no, name) in enumerate(REFERENCE_STANDARDS, start=1)],
            widths(14, 36, 0),
            center_cols=(0, 1),
        ),
        Heading("1.2.3  术语和缩略语", 2, "ch1-2-3"),
        data_table(["术语/缩略语", "说明"], [[cell(t), cell(d)] for t, d in TERMS], widths(32, 0)),
        Heading("1.3  测评过程", 1, "ch1-3"),
        body(
            "本次评估依据 GM/T 0116—2021《信息系统密码应用测评过程指南》，分测评准备、方案编制、现场测评、"
            "分析与报告编制四个阶段实施，各阶段时间和主要工作如下。"
        ),
        process_figure([(name, f"{_short_date(s)} ～ {_short_date(e)}") for name, s, e in model.phases]),
        text("图 1-1  测评工作流程", st.caption),
    ]
    rows = []
    for index, (name, start, end) in enumerate(model.phases, start=1):
        tasks, outputs = PHASE_TASKS[name]
        rows.append(
            [
                f"1.3.{index}",
                cell(f"{name}阶段"),
                cell(f"{format_date(start)} 至 {format_date(end)}"),
                cell(tasks),
                cell(outputs),
            ]
        )
    out += [
        data_table(
            ["条目", "阶段", "起止时间", "主要工作", "主要输出"], rows, widths(14, 26, 42, 0, 36), center_cols=(0,)
        ),
        Heading("1.4  报告分发范围", 1, "ch1-4"),
        body(distribution_sentence(copies)),
        data_table(
            ["份号", "份数标识", "接收方"],
            [[str(c.number), c.mark, cell(c.recipient_text)] for c in plan_copies(copies)],
            widths(20, 40, 0),
            center_cols=(0, 1),
        ),
        PageBreak(),
    ]
    return out


def _crypto_usage_rows(model: ReportModel, layer: str) -> list[list[object]]:
    rows: list[list[object]] = []
    for unit in model.case.units:
        if not unit.id.startswith(layer + "-"):
            continue
        name = model.catalogue.unit(unit.id).name_zh
        if not unit.applicable:
            rows.append([unit.id, cell(name), "—", cell("不适用"), cell(unit.na_reason or "")])
            continue
        algorithms = sorted({a for o in unit.objects for a in o.algorithms})
        protocols = sorted({p for o in unit.objects for p in o.protocols})
        rows.append(
            [
                unit.id,
                cell(name),
                str(len(unit.objects)),
                cell("、".join(algorithms) or "未登记"),
                cell("、".join(protocols) or "未登记"),
            ]
        )
    return rows


def chapter2(model: ReportModel) -> list[Flowable]:
    """2 被测系统情况: business, topology, crypto usage, assets, services, threats, history."""
    st = styles()
    objects = sum(len(u.objects) for u in model.case.units)
    channels = [o.name for u in model.case.units if u.id == "NC-1" for o in u.objects]
    out: list[Flowable] = [
        Heading("2  被测系统情况", 0, "ch2"),
        Heading("2.1  承载的业务情况", 1, "ch2-1"),
        body(
            f"{model.system_name}由{model.client}负责建设和运营，安全保护等级为{model.level_name}。本次评估共涉及"
            f"技术测评对象 {objects} 个（按测评单元计），系统业务情况以测评方案及系统调查表为准。"
        ),
        Heading("2.2  网络拓扑图及描述", 1, "ch2-2"),
        body(
            "网络拓扑图见测评方案附件。"
            + (
                f"系统跨越网络边界的通信信道共 {len(channels)} 条：{'、'.join(channels[:MAX_NAMES])}"
                f"{'等' if len(channels) > MAX_NAMES else ''}。"
                if channels
                else "案例数据中未登记跨越网络边界的通信信道。"
            )
        ),
        Heading("2.3  密码应用情况", 1, "ch2-3"),
    ]
    technical = [layer for layer in model.result.layers if layer.group == TECHNICAL]
    for index, layer in enumerate(technical, start=1):
        out += [
            Heading(f"2.3.{index}  {layer.name_zh}", 2, f"ch2-3-{index}"),
            data_table(
                ["测评单元", "指标", "对象数", "使用的密码算法", "使用的密码协议/说明"],
                _crypto_usage_rows(model, layer.code),
                widths(18, 42, 16, 0, 40),
                center_cols=(0, 2),
            ),
        ]
    out.append(Heading("2.4  系统资产", 1, "ch2-4"))
    for index, group in enumerate(model.assets, start=1):
        rows = [
            [str(i), cell(a.name), cell(a.kind or "—"), cell("、".join(a.units) or "—")]
            for i, a in enumerate(group.rows, start=1)
        ]
        if not rows:
            rows = [["—", cell("无"), cell("—"), cell("—")]]
        out += [
            Heading(f"2.4.{index}  {group.category}", 2, f"ch2-4-{index}"),
            data_table(["序号", "名称", "类型", "涉及测评单元"], rows, widths(14, 0, 34, 44), center_cols=(0,)),
        ]
    out += [
        text("注：资产类别依据测评对象的登记类型，未登记类型时按名称关键字和所属测评单元归类。", st.note),
        Heading("2.5  密码服务", 1, "ch2-5"),
        body(
            "案例数据中未登记第三方密码服务。如系统使用云密码服务、电子认证服务等，应列明服务名称、提供方及资质情况。"
        ),
        Heading("2.6  安全威胁", 1, "ch2-6"),
        data_table(
            ["序号", "安全威胁", "涉及层面"],
            [[str(i), cell(t), cell(layer)] for i, (t, layer) in enumerate(THREATS, start=1)],
            widths(14, 0, 50),
            center_cols=(0,),
        ),
        Heading("2.7  前次测评情况", 1, "ch2-7"),
        body("案例数据中未登记前次商用密码应用安全性评估情况；如有，应列明前次评估时间、结论及整改情况。"),
        Spacer(1, 2 * mm),
        PageBreak(),
    ]
    return out
