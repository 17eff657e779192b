"""Chapters 3 (测评范围与方法) and 4 (单元测评)."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from app.mipin.engine import LayerScore, UnitScore
from app.mipin.engine.definitions import TECHNICAL
from reports.doctemplate import Heading
from reports.model import ReportModel
from reports.styles import styles
from reports.tables import body, cell, data_table, text, widths
from reports.textblocks import METHODS, TOOLS

MAX_NAMES = 6


def _names(names: list[str]) -> str:
    shown = "、".join(names[:MAX_NAMES])
    return f"{shown}等 {len(names)} 个" if len(names) > MAX_NAMES else shown


def chapter3(model: ReportModel) -> list[Flowable]:
    """3 测评范围与方法: indicators (basic, special, N/A with reasons), methods, objects."""
    st = styles()
    cat = model.catalogue
    basic_rows = []
    na_rows = []
    for unit in model.result.units:
        definition = cat.unit(unit.unit)
        requirement = definition.at_level(model.level)
        assert requirement is not None  # result.units are the level's units
        basic_rows.append(
            [
                unit.unit,
                cell(cat.layer(unit.layer).name_zh),
                cell(unit.name_zh),
                requirement.requirement,
                f"{requirement.weight.normalize():f}",
                definition.gbt39786_clause,
            ]
        )
        if not unit.applicable:
            na_rows.append([unit.unit, cell(unit.name_zh), cell(unit.na_reason or "所有测评对象均不适用")])
    out: list[Flowable] = [
        Heading("3  测评范围与方法", 0, "ch3"),
        Heading("3.1  测评指标", 1, "ch3-1"),
        Heading("3.1.1  基本指标", 2, "ch3-1-1"),
        body(
            f"依据 GB/T 39786—2021 的{model.level_name}要求，本次评估选取基本指标 {len(basic_rows)} 项，"
            "各指标的要求强度（应/宜/可）和量化评估权重如下表。"
        ),
        data_table(
            ["编号", "层面", "测评指标", "要求", "权重", "39786条款"],
            basic_rows,
            widths(16, 30, 0, 14, 14, 22),
            center_cols=(0, 3, 4, 5),
        ),
        Heading("3.1.2  特殊指标", 2, "ch3-1-2"),
        body("本次评估未选取特殊指标。"),
        Heading("3.1.3  不适用指标", 2, "ch3-1-3"),
    ]
    if na_rows:
        out.append(data_table(["编号", "测评指标", "不适用原因"], na_rows, widths(16, 50, 0), center_cols=(0,)))
    else:
        out.append(body("本次评估无不适用指标。"))
    out += [
        Heading("3.2  测评方法及工具", 1, "ch3-2"),
        Heading("3.2.1  现场测评方法", 2, "ch3-2-1"),
        data_table(["方法", "说明"], [[cell(m), cell(d)] for m, d in METHODS], widths(28, 0)),
        Heading("3.2.2  测评工具及检查点", 2, "ch3-2-2"),
        data_table(["测评工具", "用途"], [[cell(t), cell(u)] for t, u in TOOLS], widths(70, 0)),
        text("测评工具接入点设置在网络边界、运维区和应用服务器区，具体检查点见测评方案。", st.note),
        Heading("3.3  测评对象和对应测评方式", 1, "ch3-3"),
    ]
    rows = []
    for unit in model.result.units:
        definition = cat.unit(unit.unit)
        entry = model.case.unit(unit.unit)
        if definition.is_technical:
            objects = _names([o.name for o in entry.objects] if entry else []) or "—"
            how = "访谈、文档审查、配置检查、工具测试"
        else:
            objects = "；".join(definition.test_object_types)
            how = "访谈、文档审查"
        if entry is None:
            how = "未测"
        elif not entry.applicable:
            how = "不适用"
        rows.append([unit.unit, cell(definition.name_zh), cell(objects), cell(how)])
    out += [
        data_table(["编号", "测评指标", "测评对象", "测评方式"], rows, widths(16, 40, 0, 34), center_cols=(0,)),
        PageBreak(),
    ]
    return out


def _tech_summary(units: list[UnitScore]) -> list[list[object]]:
    rows: list[list[object]] = []
    for unit in units:
        scored = [o for o in unit.objects if o.status == "scored" and o.score is not None]
        full = sum(1 for o in scored if o.score == 1)
        zero = sum(1 for o in scored if o.score == 0)
        rows.append(
            [
                unit.unit,
                cell(unit.name_zh),
                str(len(unit.objects)),
                str(full),
                str(len(scored) - full - zero),
                str(zero),
                "—" if unit.score is None else str(unit.score),
                cell(unit.verdict, center=True),
            ]
        )
    return rows


def _analysis(layer: LayerScore, units: list[UnitScore]) -> str:
    weak = [f"{u.unit} {u.name_zh}（{u.verdict}）" for u in units if u.verdict in ("部分符合", "不符合")]
    untested = [f"{u.unit} {u.name_zh}" for u in units if not u.tested]
    score = "不适用" if layer.score is None else str(layer.score)
    head = f"{layer.name_zh}层面得分 {score}" + ("（未测项按 0 计）。" if untested else "。")
    tail = ("尚未测完的测评单元：" + "；".join(untested) + "。") if untested else ""
    if not weak:
        return head + ("其余测评单元均为符合或不适用。" if untested else "各测评单元均为符合或不适用。") + tail
    return head + "存在问题的测评单元：" + "；".join(weak) + "。具体问题见“安全问题及改进建议”及附录A。" + tail


def _mgmt_summary(model: ReportModel, units: list[UnitScore]) -> list[list[object]]:
    rows: list[list[object]] = []
    for unit in units:
        entry = model.case.unit(unit.unit)
        record = (entry.record if entry else None) or ("未测" if not unit.tested else "—")
        rows.append(
            [
                unit.unit,
                cell(unit.name_zh),
                cell(record),
                cell(unit.verdict, center=True),
                "—" if unit.score is None else str(unit.score),
            ]
        )
    return rows


def _layer_section(number: str, layer: LayerScore, units: list[UnitScore], table: Flowable) -> list[Flowable]:
    st = styles()
    return [
        Heading(f"{number}  {layer.name_zh}", 2, "ch" + number.replace(".", "-")),
        text("（1）结果汇总", st.body),
        table,
        text("（2）结果分析", st.body),
        body(_analysis(layer, units)),
    ]


def chapter4(model: ReportModel) -> list[Flowable]:
    """4 单元测评: per layer a result summary and an analysis."""
    out: list[Flowable] = [Heading("4  单元测评", 0, "ch4"), Heading("4.1  密码技术应用要求", 1, "ch4-1")]
    tech = [layer for layer in model.result.layers if layer.group == TECHNICAL]
    mgmt = [layer for layer in model.result.layers if layer.group != TECHNICAL]
    for index, layer in enumerate(tech, start=1):
        units = model.layer_units(layer.code)
        table = data_table(
            ["编号", "测评单元", "对象数", "全部符合", "部分符合", "不符合", "单元得分", "判定"],
            _tech_summary(units),
            widths(16, 0, 15, 17, 17, 15, 18, 20),
            center_cols=(0, 2, 3, 4, 5, 6),
        )
        out += _layer_section(f"4.1.{index}", layer, units, table)
    out.append(Heading("4.2  安全管理", 1, "ch4-2"))
    for index, layer in enumerate(mgmt, start=1):
        units = model.layer_units(layer.code)
        table = data_table(
            ["编号", "测评单元", "结果记录", "判定", "单元得分"],
            _mgmt_summary(model, units),
            widths(16, 48, 0, 20, 18),
            center_cols=(0, 4),
        )
        out += _layer_section(f"4.2.{index}", layer, units, table)
    out.append(PageBreak())
    return out
