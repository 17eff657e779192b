"""The Excel record and score workbook (openpyxl).

Sheets: 说明 (system, fingerprint, how to read), A-1…A-8 (the appendix A record tables),
量化评估 (live formulas, :mod:`reports.xlsx_quant`), 高风险 and 风险分析 (risk value as a
formula over the likelihood × impact matrix). The file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.core import clock
from app.core.atomicfile import replace_atomically
from app.mipin.engine.definitions import TECHNICAL
from app.mipin.engine.results import HIGH
from app.mipin.riskmatrix import LEVELS, load_risk_matrix
from reports.analysis import UNRATED
from reports.model import ReportModel, format_date
from reports.textblocks import DECISION_LABELS, STATUS_LABELS
from reports.xlsx_quant import SHEET as QUANT_SHEET
from reports.xlsx_quant import QuantCells, write_quant_sheet
from reports.xlsx_style import SCORE_FORMAT, header, put, put_row, title, widths

Progress = Callable[[int, str], None]

HIGH_RISK_SHEET = "高风险"
RISK_SHEET = "风险分析"
OPEN_LABEL = STATUS_LABELS[HIGH]
_TECH_CENTER = (1, 5, 6, 7, 8, 9, 10)


def _record_sheet(ws: Worksheet, model: ReportModel, index: int, code: str) -> None:
    layer = model.result.layer(code)
    title(ws, f"表A-{index}  {layer.name_zh}测评结果记录", note=f"{model.system_name}（{model.level_name}）")
    units = model.layer_units(code)
    row = 4
    if layer.group == TECHNICAL:
        labels = ["测评单元", "单元名称", "测评对象", "结果记录", "D", "A", "K", "测评对象评分", "测评单元得分", "判定"]
        header(ws, row, labels)
        for unit in units:
            unit_score = "" if unit.score is None else float(unit.score)
            if not unit.objects:
                row += 1
                reason = model.no_objects_reason(unit)
                # "/" is 不适用: an untested unit shows 未测 and no score (it only counts as 0 in a draft).
                marks = ["未测", "", ""] if not unit.tested else ["/", "/", "/"]
                shown = "" if not unit.tested else unit_score
                values = [unit.unit, unit.name_zh, "—", reason, *marks, "", shown, unit.verdict]
                put_row(ws, row, values, center=_TECH_CENTER, number_format=SCORE_FORMAT, formatted=(9,))
                continue
            records = model.object_records(unit.unit)
            for obj in unit.objects:
                row += 1
                values = [
                    unit.unit,
                    unit.name_zh,
                    obj.name,
                    records.get(obj.name) or "",
                    obj.d or "未测",
                    obj.a or "",
                    obj.k or "",
                    "" if obj.score is None else float(obj.score),
                    unit_score,
                    unit.verdict,
                ]
                put_row(ws, row, values, center=_TECH_CENTER, number_format=SCORE_FORMAT, formatted=(8, 9))
        widths(ws, [10, 22, 26, 44, 6, 6, 6, 12, 12, 10])
    else:
        labels = ["测评单元", "单元名称", "测评对象", "结果记录", "测评指标符合情况", "测评单元得分"]
        header(ws, row, labels)
        for unit in units:
            row += 1
            definition = model.catalogue.unit(unit.unit)
            values = [
                unit.unit,
                unit.name_zh,
                "；".join(definition.test_object_types),
                model.unit_record(unit.unit) or "",
                unit.verdict,
                "" if unit.score is None or not unit.tested else float(unit.score),
            ]
            put_row(ws, row, values, center=(1, 5, 6), number_format=SCORE_FORMAT, formatted=(6,))
        widths(ws, [10, 26, 44, 40, 16, 12])
    ws.freeze_panes = "A5"


def _high_risk_sheet(ws: Worksheet, model: ReportModel) -> str:
    title(ws, "高风险判定（信息系统密码应用高风险判定指引）")
    labels = [
        "序号",
        "指引条款",
        "标题",
        "测评单元",
        "测评对象",
        "判定情形",
        "指引可接受的缓解措施",
        "状态",
        "决定",
        "理由/缓解措施",
    ]
    header(ws, 3, labels)
    row = 3
    for index, risk in enumerate(model.result.high_risks, start=1):
        row += 1
        handling = "；".join(x for x in (risk.mitigation, risk.reason) if x)
        values = [
            index,
            risk.item,
            risk.title,
            risk.unit,
            risk.object or "",
            risk.condition,
            "；".join(risk.mitigations) or "无（不可缓解）",
            STATUS_LABELS.get(risk.status, risk.status),
            DECISION_LABELS.get(risk.decision or "", risk.decision or ""),
            handling,
        ]
        put_row(ws, row, values, center=(1, 2, 4, 8, 9))
    widths(ws, [6, 9, 26, 10, 22, 36, 40, 16, 12, 36])
    ws.freeze_panes = "A4"
    last = max(row, 4)
    return f"=COUNTIF('{HIGH_RISK_SHEET}'!$H$4:$H${last},\"{OPEN_LABEL}\")"


def _risk_sheet(ws: Worksheet, model: ReportModel) -> dict[str, str]:
    title(
        ws, "风险分析（可能性 × 影响 → 风险值）", note="风险值由右侧矩阵计算；存在未缓解高风险的测评单元风险值为“高”。"
    )
    matrix = load_risk_matrix()
    # The matrix, to the right of the table: rows likelihood, columns impact.
    put(ws, 3, 13, "可能性＼影响", center=True)
    for j, impact in enumerate(LEVELS):
        put(ws, 3, 14 + j, impact, center=True)
    for i, likelihood in enumerate(LEVELS):
        put(ws, 4 + i, 13, likelihood, center=True)
        for j, impact in enumerate(LEVELS):
            put(ws, 4 + i, 14 + j, matrix.risk(likelihood, impact), center=True)
    labels = [
        "序号",
        "层面",
        "测评单元",
        "名称",
        "判定",
        "安全问题",
        "可能性",
        "影响",
        "未缓解高风险",
        "风险值",
        "判定依据",
    ]
    header(ws, 3, labels)
    cells: dict[str, str] = {}
    for index, risk in enumerate(model.risks, start=1):
        r = 3 + index
        values = [
            index,
            risk.layer,
            risk.unit,
            risk.unit_name,
            risk.verdict,
            risk.problem,
            risk.likelihood,
            risk.impact,
            "是" if risk.forced else "否",
        ]
        put_row(ws, r, values, center=(1, 3, 5, 7, 8, 9))
        formula = f'=IF(I{r}="是","高",INDEX($N$4:$P$6,MATCH(G{r},$M$4:$M$6,0),MATCH(H{r},$N$3:$P$3,0)))'
        if risk.pending and not risk.rated:
            # An unfinished unit gets no default rating: no likelihood/impact to look up yet.
            formula = f'=IF(I{r}="是","高","{UNRATED}")'
        put(ws, r, 10, formula, center=True)
        put(ws, r, 11, risk.basis)
        cells[risk.unit] = f"J{r}"
    widths(ws, [6, 14, 10, 22, 10, 50, 8, 8, 10, 8, 26, 2, 12, 6, 6, 6])
    ws.freeze_panes = "A4"
    return cells


def _about_sheet(ws: Worksheet, model: ReportModel, quant: QuantCells) -> None:
    title(ws, f"{model.title}——测评记录与量化评估工作簿")
    rows = [
        ("被测信息系统", model.system_name),
        ("安全保护等级", model.level_name),
        ("委托单位", model.client),
        ("测评机构", model.assessor),
        ("报告编号", model.report_no),
        ("评估时间", f"{format_date(model.period[0])} 至 {format_date(model.period[1])}"),
        ("案例指纹（SHA-256）", model.fingerprint),
        ("引擎计算的综合得分", f"{model.result.total}（{model.result.conclusion}）"),
        ("工作簿重算的综合得分", f"见“{QUANT_SHEET}”页 {quant.total} 单元格"),
        ("生成时间", clock.now().strftime("%Y-%m-%d %H:%M")),
        (
            "说明",
            "A-1～A-8 为测评结果记录（数值）；“量化评估”页以实时公式重算对象、单元、层面得分和综合得分，"
            "修改其中黄色输入单元格即可复核计算；“高风险”“风险分析”页列出高风险判定与风险值。",
        ),
    ]
    if model.draft and model.result.untested:
        c = model.result.counts
        rows.append(
            (
                "草稿",
                f"{c.total} 个测评单元中已完成 {c.tested} 个，尚有 {c.untested} 个未测（未测项 "
                f"{len(model.result.untested)} 项，按 0 分计）；不得作为正式评估结论。",
            )
        )
    for offset, (label, value) in enumerate(rows):
        put(ws, 3 + offset, 1, label)
        put(ws, 3 + offset, 2, value)
    widths(ws, [22, 90])


def build_workbook(model: ReportModel) -> tuple[Workbook, QuantCells, dict[str, str]]:
    """Build the workbook in memory; returns it with the 量化评估 and 风险分析 result cells."""
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = "说明"
    for index, layer in enumerate(model.result.layers, start=1):
        _record_sheet(wb.create_sheet(f"A-{index}"), model, index, layer.code)
    quant_ws = wb.create_sheet(QUANT_SHEET)
    high_ws = wb.create_sheet(HIGH_RISK_SHEET)
    risk_ws = wb.create_sheet(RISK_SHEET)
    open_formula = _high_risk_sheet(high_ws, model)
    quant = write_quant_sheet(quant_ws, model, open_formula)
    risk_cells = _risk_sheet(risk_ws, model)
    _about_sheet(about, model, quant)
    # No cached values are stored by openpyxl: ask Excel/WPS to calculate everything on open.
    wb.calculation.fullCalcOnLoad = True
    return wb, quant, risk_cells


def write_xlsx(model: ReportModel, output: str | Path, *, progress: Progress | None = None) -> Path:
    """Write the workbook to ``output`` atomically and return the path."""
    output = Path(output)
    if progress:
        progress(10, "生成工作表")
    wb, _, _ = build_workbook(model)
    if progress:
        progress(70, "写入文件")
    with replace_atomically(output, prefix=f".{output.name}.", suffix=".part") as temp:
        wb.save(temp)
    if progress:
        progress(100, "完成")
    return output
