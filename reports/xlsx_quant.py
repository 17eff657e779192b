"""The 量化评估 sheet: the whole 2023 calculation as live Excel formulas.

Layout (top to bottom): parameters, the layer table with the group parts, the total and the
conclusion, then the unit table, then the object table. Every score is a formula over the
cells below it, so a reviewer can change a D/A/K mark, Ra, Rk or a management result and
watch the total move; the engine's own total is shown next to it for comparison.

Rounding: the rules round half-up (objects, units and layers to 4 dp, the total to 2 dp).
Excel's ROUND rounds half away from zero, which is half-up for the non-negative scores here.
Binary floating point can leave a true ...5 tie as ...4999999, so every ROUND adds a tolerance
of 1E-9 first; real scores never lie that close below a tie (their denominators are small).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from app.mipin.engine import ObjectScore, UnitScore
from app.mipin.engine.case import CONFORM, NONCONFORM, PARTIAL
from app.mipin.engine.definitions import MANAGEMENT, TECHNICAL
from reports.model import ReportModel
from reports.xlsx_style import (
    INPUT_FILL,
    RESULT_FILL,
    SCORE_FORMAT,
    TOTAL_FORMAT,
    header,
    put,
    title,
    widths,
)

SHEET = "量化评估"
EPS = "$C$11"

P_TECH, P_MGMT, P_COMP, P_THRESHOLD = "$C$4", "$C$5", "$C$6", "$C$7"
P_CONFORM, P_PARTIAL, P_NONCONFORM, P_OPEN = "$C$8", "$C$9", "$C$10", "$C$12"

OBJECT_HEADER = [
    "测评单元",
    "测评对象",
    "D",
    "A",
    "K",
    "Ra",
    "Rk",
    "状态",
    "对象得分 S(i,j,k)",
    "弥补来源",
    "修正后得分",
    "计入(1/0)",
    "未测(1/0)",
]
UNIT_HEADER = [
    "测评单元",
    "名称",
    "层面",
    "类别",
    "权重 w",
    "适用(1/0)",
    "管理判定",
    "计入对象数",
    "对象得分合计",
    "单元得分 S(i,j)",
    "判定",
    "w×S",
    "计入权重",
    "未测(1/0)",
]
LAYER_HEADER = ["层面", "名称", "类别", "层面权重 W", "Σw", "Σw×S", "层面得分 S(i)", "W×S(i)", "计入权重"]


@dataclass(frozen=True)
class QuantCells:
    """Where the results are (for tests and for the other sheets).

    Attributes:
        total: The 综合得分 cell, e.g. ``C27``.
        conclusion: The 评估结论 cell.
        engine_total: The engine's total (a value) cell.
        layers: ``{layer code: cell}`` of the layer scores.
        units: ``{unit id: cell}`` of the unit scores.
        objects: ``{(unit, object): cell}`` of the final object scores.
    """

    total: str
    conclusion: str
    engine_total: str
    layers: dict[str, str]
    units: dict[str, str]
    objects: dict[tuple[str, str], str]


def _round(expr: str, digits: int) -> str:
    return f"ROUND({expr}+{EPS},{digits})"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _parameters(ws: Worksheet, model: ReportModel, open_risks_formula: str) -> None:
    cat = model.catalogue
    management = dict(cat.rules.management_scores)
    rows = [
        ("技术部分分值", cat.group(TECHNICAL).points, "量化评估规则：密码应用技术部分恒为 70 分"),
        ("管理部分分值", cat.group(MANAGEMENT).points, "密码应用管理部分恒为 30 分"),
        ("弥补系数", float(cat.rules.compensation_factor), "PB′ = MAX(弥补系数 × MIN(PA₁…PAₙ), PB)，多个来源取最低"),
        ("基本符合阈值", float(model.result.threshold), "综合得分 ≥ 阈值且无未缓解高风险时为基本符合"),
        ("符合得分", _number(management[CONFORM]), "管理测评单元：符合"),
        ("部分符合得分", _number(management[PARTIAL]), "管理测评单元：部分符合"),
        ("不符合得分", _number(management[NONCONFORM]), "管理测评单元：不符合"),
        ("舍入容差", 1e-9, "ROUND 前加的容差，消除二进制浮点误差（见说明页）"),
        ("未缓解高风险数", open_risks_formula, "取自“高风险”页"),
    ]
    put(ws, 3, 2, "参数", center=True)
    put(ws, 3, 3, "取值", center=True)
    put(ws, 3, 4, "说明", center=True)
    for offset, (label, value, note) in enumerate(rows):
        row = 4 + offset
        put(ws, row, 2, label)
        put(ws, row, 3, value, fill=INPUT_FILL, center=True)
        put(ws, row, 4, note)


def _untested_test(r: int) -> str:
    # Untested: no D yet, or D=√ while A or K is still missing (counted as 0, like the engine).
    return f'OR(C{r}="",AND(C{r}="√",OR(D{r}="",E{r}="")))'


def _object_formula(r: int) -> str:
    d, a, k, ra, rk = f"C{r}", f"D{r}", f"E{r}", f"F{r}", f"G{r}"
    value = (
        f'IF(AND({a}="√",{k}="√"),1,IF(AND({a}="×",{k}="√"),0.5*{ra},IF(AND({a}="√",{k}="×"),0.5*{rk},0.25*{ra}*{rk})))'
    )
    return f'=IF({d}="/","",IF(OR({d}="×",{_untested_test(r)}),0,{_round(value, 4)}))'


_STATUS = {"scored": "已测", "excluded": "对象不适用", "untested": "未测（按 0 计）", "unit_na": "单元不适用"}


@dataclass(frozen=True)
class _Layout:
    """Where each table of the sheet starts, and the row of every layer, unit and object."""

    layer_top: int
    summary_top: int
    unit_top: int
    object_top: int
    layer_rows: dict[str, int]
    unit_rows: dict[str, int]
    object_rows: dict[tuple[str, str], int]

    @classmethod
    def of(cls, units: list[UnitScore], layer_codes: list[str]) -> _Layout:
        layer_top = 15
        summary_top = layer_top + len(layer_codes) + 2
        unit_top = summary_top + 7
        object_top = unit_top + len(units) + 3
        objects = [(o.unit, o.name) for u in units for o in u.objects]
        return cls(
            layer_top=layer_top,
            summary_top=summary_top,
            unit_top=unit_top,
            object_top=object_top,
            layer_rows={code: layer_top + 1 + i for i, code in enumerate(layer_codes)},
            unit_rows={u.unit: unit_top + 1 + i for i, u in enumerate(units)},
            object_rows={key: object_top + 1 + i for i, key in enumerate(objects)},
        )

    def objects(self, col: str) -> str:
        """The object table's column ``col`` as an absolute range."""
        first, last = self.object_top + 1, max(self.object_top + 1, self.object_top + len(self.object_rows))
        return f"${col}${first}:${col}${last}"

    def units(self, col: str) -> str:
        """The unit table's column ``col`` as an absolute range."""
        return f"${col}${self.unit_top + 1}:${col}${self.unit_top + len(self.unit_rows)}"

    def layers(self, col: str) -> str:
        """The layer table's column ``col`` as an absolute range."""
        return f"${col}${self.layer_top + 1}:${col}${self.layer_top + len(self.layer_rows)}"


def write_quant_sheet(ws: Worksheet, model: ReportModel, open_risks_formula: str) -> QuantCells:
    """Fill ``ws`` with the parameters, layers, units and objects and their formulas."""
    result = model.result
    title(
        ws,
        "量化评估（商用密码应用安全性评估量化评估规则 2023）",
        note="黄色为输入值，绿色为计算结果；所有得分均为实时公式。",
    )
    _parameters(ws, model, open_risks_formula)
    units = list(result.units)
    layout = _Layout.of(units, [layer.code for layer in result.layers])
    _layer_table(ws, model, layout)
    s = _summary(ws, model, layout)
    ws.cell(row=layout.unit_top - 1, column=1, value="二、测评单元得分")
    header(ws, layout.unit_top, UNIT_HEADER)
    for unit in units:
        _unit_row(ws, model, unit, layout.unit_rows[unit.unit], layout.objects)
    ws.cell(row=layout.object_top - 1, column=1, value="三、测评对象得分（技术测评单元）")
    header(ws, layout.object_top, OBJECT_HEADER)
    for obj in (o for u in units for o in u.objects):
        _object_row(ws, obj, layout.object_rows)
    widths(ws, [10, 34, 14, 10, 10, 10, 12, 14, 14, 16, 14, 10, 10, 10])
    ws.freeze_panes = "A4"
    return QuantCells(
        total=f"C{s + 2}",
        conclusion=f"C{s + 3}",
        engine_total=f"C{s + 4}",
        layers={code: f"G{r}" for code, r in layout.layer_rows.items()},
        units={uid: f"J{r}" for uid, r in layout.unit_rows.items()},
        objects={key: f"K{r}" for key, r in layout.object_rows.items()},
    )


def _layer_table(ws: Worksheet, model: ReportModel, layout: _Layout) -> None:
    ws.cell(row=layout.layer_top - 1, column=1, value="一、层面得分与综合得分")
    header(ws, layout.layer_top, LAYER_HEADER)
    for layer in model.result.layers:
        r = layout.layer_rows[layer.code]
        put(ws, r, 1, layer.code, center=True)
        put(ws, r, 2, layer.name_zh)
        put(ws, r, 3, "技术" if layer.group == TECHNICAL else "管理", center=True)
        put(ws, r, 4, layer.weight, center=True, fill=INPUT_FILL)
        put(ws, r, 5, f"=SUMIFS({layout.units('M')},{layout.units('C')},A{r})", center=True)
        put(ws, r, 6, f"=SUMIFS({layout.units('L')},{layout.units('C')},A{r})", center=True, number_format=SCORE_FORMAT)
        score = f'=IF(E{r}=0,"",{_round(f"F{r}/E{r}", 4)})'
        put(ws, r, 7, score, center=True, number_format=SCORE_FORMAT, fill=RESULT_FILL)
        put(ws, r, 8, f'=IF(G{r}="",0,D{r}*G{r})', center=True, number_format=SCORE_FORMAT)
        put(ws, r, 9, f'=IF(G{r}="",0,D{r})', center=True)


def _summary(ws: Worksheet, model: ReportModel, layout: _Layout) -> int:
    """The group parts, the total, the conclusion and the engine's total; returns the first row."""
    s = layout.summary_top
    result = model.result
    h, i, c = layout.layers("H"), layout.layers("I"), layout.layers("C")
    tech = f'{P_TECH}*SUMIFS({h},{c},"技术")/SUMIFS({i},{c},"技术")'
    mgmt = f'{P_MGMT}*SUMIFS({h},{c},"管理")/SUMIFS({i},{c},"管理")'
    summary = [
        ("密码应用技术部分", f"={tech}", SCORE_FORMAT),
        ("密码应用管理部分", f"={mgmt}", SCORE_FORMAT),
        ("综合得分 S", f"={_round(f'C{s}+C{s + 1}', 2)}", TOTAL_FORMAT),
        (
            "评估结论",
            # With untested units the conclusion needs the score range (untested as 0 and as 1),
            # which the sheet does not recompute: it shows the engine's conclusion until they are entered.
            f'=IF({P_OPEN}>0,"不符合",IF(COUNTIF({layout.units("N")},1)>0,"{result.conclusion}",'
            f'IF(C{s + 2}=100,"符合",IF(C{s + 2}>={P_THRESHOLD},"基本符合","不符合"))))',
            None,
        ),
        ("引擎计算的综合得分", float(model.result.total), TOTAL_FORMAT),
        ("核对", f'=IF(ABS(C{s + 2}-C{s + 4})<0.005,"一致","不一致")', None),
    ]
    for offset, (label, value, fmt) in enumerate(summary):
        put(ws, s + offset, 2, label)
        put(ws, s + offset, 3, value, number_format=fmt, center=True, fill=RESULT_FILL if offset in (2, 3) else None)
    if result.untested:
        note = (
            f"尚有 {result.counts.untested} 个测评单元未测：结论取引擎按未测项规则给出的“{result.conclusion}”"
            "（依据未测项按 0 与按 1 计时的得分区间），补全后按公式判定"
        )
        put(ws, s + 3, 4, note)
    return s


def _object_row(ws: Worksheet, obj: ObjectScore, object_rows: dict[tuple[str, str], int]) -> None:
    r = object_rows[(obj.unit, obj.name)]
    put(ws, r, 1, obj.unit, center=True)
    put(ws, r, 2, obj.name)
    for col, mark in ((3, obj.d), (4, obj.a), (5, obj.k)):
        put(ws, r, col, mark or "", center=True, fill=INPUT_FILL)
    put(ws, r, 6, float(obj.ra) if obj.ra is not None else 1, center=True, fill=INPUT_FILL)
    put(ws, r, 7, float(obj.rk) if obj.rk is not None else 1, center=True, fill=INPUT_FILL)
    put(ws, r, 8, _STATUS.get(obj.status, obj.status), center=True)
    if obj.status == "unit_na":
        put(ws, r, 9, "", center=True)
        put(ws, r, 11, "", center=True)
        put(ws, r, 12, 0, center=True)
        put(ws, r, 13, 0, center=True)
        return
    put(ws, r, 9, _object_formula(r), center=True, number_format=SCORE_FORMAT)
    refs = [ref.split("/", 1) for ref in obj.compensated_by]
    sources = [object_rows[(u, n)] for u, n in refs if (u, n) in object_rows]
    if sources:
        # Several sources take the lowest (FAQ 30): MAX(0.5 × MIN(PA1…PAn), PB).
        lowest = f"MIN({','.join(f'I{src}' for src in sources)})"
        put(ws, r, 10, "、".join(obj.compensated_by))
        formula = f'=IF(I{r}="","",MAX({_round(f"{P_COMP}*{lowest}", 4)},I{r}))'
        put(ws, r, 11, formula, center=True, number_format=SCORE_FORMAT, fill=RESULT_FILL)
    else:
        put(ws, r, 10, "")
        put(ws, r, 11, f"=I{r}", center=True, number_format=SCORE_FORMAT, fill=RESULT_FILL)
    put(ws, r, 12, f'=IF(I{r}="",0,1)', center=True)
    put(ws, r, 13, f"=IF({_untested_test(r)},1,0)", center=True)


def _unit_row(ws: Worksheet, model: ReportModel, unit: UnitScore, r: int, rng: Callable[[str], str]) -> None:
    technical = model.catalogue.unit(unit.unit).is_technical
    entry = model.case.unit(unit.unit)
    put(ws, r, 1, unit.unit, center=True)
    put(ws, r, 2, unit.name_zh)
    put(ws, r, 3, unit.layer, center=True)
    put(ws, r, 4, "技术" if technical else "管理", center=True)
    put(ws, r, 5, float(unit.weight), center=True, fill=INPUT_FILL)
    put(ws, r, 6, 1 if (entry is None or entry.applicable) else 0, center=True, fill=INPUT_FILL)
    put(
        ws, r, 7, (unit.result or "") if not technical else "—", center=True, fill=INPUT_FILL if not technical else None
    )
    if technical:
        put(ws, r, 8, f"=COUNTIFS({rng('A')},A{r},{rng('L')},1)", center=True)
        put(ws, r, 9, f"=SUMIFS({rng('K')},{rng('A')},A{r},{rng('L')},1)", center=True, number_format=SCORE_FORMAT)
        if entry is None:
            # A technical unit missing from a draft case: the engine counts it as 0 (untested).
            put(ws, r, 10, 0, center=True, number_format=SCORE_FORMAT, fill=RESULT_FILL)
        else:
            put(
                ws,
                r,
                10,
                f'=IF(OR(F{r}=0,H{r}=0),"",{_round(f"I{r}/H{r}", 4)})',
                center=True,
                number_format=SCORE_FORMAT,
                fill=RESULT_FILL,
            )
    else:
        put(ws, r, 8, "—", center=True)
        put(ws, r, 9, "—", center=True)
        formula = (
            f'=IF(F{r}=0,"",IF(G{r}="符合",{P_CONFORM},IF(G{r}="部分符合",{P_PARTIAL},'
            f'IF(G{r}="不符合",{P_NONCONFORM},0))))'
        )
        put(ws, r, 10, formula, center=True, number_format=SCORE_FORMAT, fill=RESULT_FILL)
    put(
        ws,
        r,
        11,
        f'=IF(J{r}="","不适用",IF(N{r}=1,"未测",IF(J{r}=1,"符合",IF(J{r}=0,"不符合","部分符合"))))',
        center=True,
    )
    put(ws, r, 12, f'=IF(J{r}="",0,E{r}*J{r})', center=True, number_format=SCORE_FORMAT)
    put(ws, r, 13, f'=IF(J{r}="",0,E{r})', center=True)
    # 未测: anything of the unit untested (then it is 未测, never 不符合; its score stays the 0-filled minimum).
    if entry is None:
        put(ws, r, 14, 1, center=True)
    elif technical:
        put(ws, r, 14, f"=IF(F{r}=0,0,IF(COUNTIFS({rng('A')},A{r},{rng('M')},1)>0,1,0))", center=True)
    else:
        put(ws, r, 14, f'=IF(F{r}=0,0,IF(G{r}="",1,0))', center=True)
