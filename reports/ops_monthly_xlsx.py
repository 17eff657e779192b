"""The monthly operations report as an Excel workbook (openpyxl).

Sheets: 概况 (counts per level, kind, status and security category), SLA达标 (per clock, the
compliance as a live formula), 超时明细 (with pause reasons), 评定汇总, 趋势 (12 months, with a
chart), 服务义务. Written to a temporary file and renamed into place.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference

from app.core.atomicfile import replace_atomically
from app.ops import timeutil as tu
from app.ops.contract import facts
from app.ops.monthly import MonthlyData
from reports.ops_monthly_pdf import KIND_NAMES
from reports.xlsx_style import header, put, title, widths


def _overview(book: Workbook, d: MonthlyData) -> None:
    ws = book.active
    ws.title = "概况"
    row = title(ws, d.title, note=f"统计时刻 {tu.from_us(d.at):%Y-%m-%d %H:%M}（北京时间）；按报告时间统计本月工单")
    put(ws, row, 1, "本月工单数")
    put(ws, row, 2, d.tickets, center=True)
    row += 2
    header(ws, row, ["故障等级", "优先级", "工单数"])
    for lv in range(1, 6):
        row += 1
        info = facts().level(lv)
        put(ws, row, 1, info.name)
        put(ws, row, 2, info.priority, center=True)
        put(ws, row, 3, d.by_level[lv], center=True)
    row += 2
    header(ws, row, ["类型", "工单数"])
    for kind, n in d.by_kind.items():
        row += 1
        put(ws, row, 1, KIND_NAMES.get(kind, kind))
        put(ws, row, 2, n, center=True)
    row += 2
    header(ws, row, ["状态", "工单数"])
    for status, n in d.by_status.items():
        row += 1
        put(ws, row, 1, status)
        put(ws, row, 2, n, center=True)
    row += 2
    header(ws, row, ["安全事件类别（合同 1.1.5）", "次数"])
    for category, n in d.by_category.items():
        row += 1
        put(ws, row, 1, category)
        put(ws, row, 2, n, center=True)
    row += 2
    put(ws, row, 1, "平均响应时间 MTTA（分钟）")
    put(ws, row, 2, d.mtta, number_format="0.00", center=True)
    put(ws, row + 1, 1, "平均解决时间 MTTR（分钟，不含挂起）")
    put(ws, row + 1, 2, d.mttr, number_format="0.00", center=True)
    if d.unverified_years:
        put(ws, row + 3, 1, f"日历未核实：{'、'.join(str(y) for y in d.unverified_years)} 年（设置 → 工作日历）")
    widths(ws, [34, 14, 12])


def _compliance(book: Workbook, d: MonthlyData) -> None:
    ws = book.create_sheet("SLA达标")
    row = title(ws, "SLA 达标情况", note="达标率 = 达标 ÷（达标 + 超时）× 100%（公式）")
    header(ws, row, ["时钟", "目标（分钟）", "计时方式", "达标", "超时", "计时中", "达标率 %"])
    first = row + 1
    for c in d.clocks:
        row += 1
        put(ws, row, 1, c.name)
        put(ws, row, 2, c.target, center=True)
        put(ws, row, 3, "工作时间" if c.working else "自然时间", center=True)
        put(ws, row, 4, c.met, center=True)
        put(ws, row, 5, c.breached, center=True)
        put(ws, row, 6, c.pending, center=True)
        put(ws, row, 7, f'=IF(D{row}+E{row}=0,"",ROUND(D{row}/(D{row}+E{row})*100,2))', center=True)
    row += 1
    put(ws, row, 1, "合计")
    for col, letter in ((4, "D"), (5, "E"), (6, "F")):
        put(ws, row, col, f"=SUM({letter}{first}:{letter}{row - 1})", center=True)
    put(ws, row, 7, f"=IF(D{row}+E{row}=0,100,ROUND(D{row}/(D{row}+E{row})*100,2))", center=True)
    widths(ws, [24, 14, 12, 10, 10, 10, 12])


def _breaches(book: Workbook, d: MonthlyData) -> None:
    ws = book.create_sheet("超时明细")
    row = title(ws, "超时的 SLA 时钟")
    header(ws, row, ["工单", "标题", "等级", "时钟", "目标（分钟）", "实际（分钟）", "超出（分钟）", "挂起原因"])
    for b in d.breaches:
        row += 1
        for col, value in enumerate(
            [b.ticket_id, b.title, facts().level(b.level).name, b.clock, b.target, b.elapsed], start=1
        ):
            put(ws, row, col, value, center=col >= 3)
        put(ws, row, 7, f"=F{row}-E{row}", number_format="0.00", center=True)
        put(ws, row, 8, "；".join(b.pause_reasons) or "无挂起")
    widths(ws, [16, 36, 10, 16, 12, 12, 12, 40])


def _evaluation(book: Workbook, d: MonthlyData) -> None:
    ws = book.create_sheet("评定汇总")
    row = title(ws, "故障处理评定汇总（降级 / 升级）")
    header(ws, row, ["评定项", "降级", "升级", "未评定"])
    for criterion in facts().criteria:
        row += 1
        counts = d.evaluation[criterion.key]
        put(ws, row, 1, criterion.name)
        for col, key in ((2, "降级"), (3, "升级"), (4, "未评定")):
            put(ws, row, col, counts[key], center=True)
    if d.upgrade_notes:
        row += 2
        header(ws, row, ["工单", "评定项", "升级说明"])
        for tid, name, note in d.upgrade_notes:
            row += 1
            put(ws, row, 1, tid)
            put(ws, row, 2, name)
            put(ws, row, 3, note)
    widths(ws, [18, 16, 40, 10])


def _trend(book: Workbook, d: MonthlyData) -> None:
    ws = book.create_sheet("趋势")
    row = title(ws, "近 12 个月趋势")
    header(ws, row, ["月份", "工单数", "超时时钟", "SLA 达标率 %"])
    first = row + 1
    for p in d.trend:
        row += 1
        put(ws, row, 1, f"{p.year}-{p.month:02d}", center=True)
        put(ws, row, 2, p.tickets, center=True)
        put(ws, row, 3, p.breached, center=True)
        put(ws, row, 4, p.compliance, number_format="0.00", center=True)  # empty when nothing was decided
    bars = BarChart()
    bars.title = "每月工单数与 SLA 达标率"
    bars.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=row), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=first, max_row=row))
    bars.y_axis.title = "工单数"
    line = LineChart()
    line.add_data(Reference(ws, min_col=4, min_row=first - 1, max_row=row), titles_from_data=True)
    line.y_axis.axId = 200
    line.y_axis.title = "达标率 %"
    line.y_axis.crosses = "max"
    bars += line
    bars.width, bars.height = 22, 10
    ws.add_chart(bars, f"F{first - 1}")
    widths(ws, [12, 10, 10, 14])


def _obligations(book: Workbook, d: MonthlyData) -> None:
    ws = book.create_sheet("服务义务")
    row = title(ws, "服务义务完成情况", note="截至本月末到期的服务义务")
    for behind in d.behind:
        put(ws, row, 1, f"进度落后：{behind.message}")
        row += 1
    if d.behind:
        row += 1
    header(ws, row, ["服务义务", "到期", "完成", "状态", "证据文件（SHA-256）"])
    today = tu.from_us(d.at).date()
    for o in d.obligations:
        row += 1
        put(ws, row, 1, o.title)
        put(ws, row, 2, o.due.isoformat(), center=True)
        put(ws, row, 3, o.done.isoformat() if o.done else "", center=True)
        put(ws, row, 4, o.status(today), center=True)
        put(ws, row, 5, "\n".join(f"{f.name} {f.sha256}" for f in o.files))
    widths(ws, [44, 12, 12, 10, 60])


def write_monthly_xlsx(d: MonthlyData, path: str | Path) -> Path:
    """Write the workbook atomically and return its path."""
    path = Path(path)
    book = Workbook()
    for part in (_overview, _compliance, _breaches, _evaluation, _trend, _obligations):
        part(book, d)
    with replace_atomically(path, prefix=".ops-report-", suffix=".xlsx") as tmp:
        book.save(str(tmp))
    return path
