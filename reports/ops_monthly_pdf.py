"""The monthly operations report as a PDF (reportlab; the 密评 report's CJK font and rules).

One embedded, subset CJK face everywhere (tables and the chart included), the Chinese
line-breaking rules of :mod:`reports.styles`, A4 with a running header and ``第 X 页 共 Y 页``.
The file is written to a temporary file and renamed into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app import APP_DISPLAY_NAME
from app.core.atomicfile import replace_atomically
from app.ops import timeutil as tu
from app.ops.contract import facts
from app.ops.monthly import MonthlyData
from reports.styles import (
    ACCENT,
    FRAME_WIDTH,
    GRID,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_SIZE,
    PAGE_WIDTH,
    RULE,
    VERDICT_COLOURS,
    styles,
    table_style,
)
from reports.tables import cell, text

BAR_FILL = colors.HexColor("#2F6DB5")
LINE_INK = colors.HexColor("#C62828")
ALERT = VERDICT_COLOURS["不符合"]
KIND_NAMES = {"fault": "故障", "outage": "宕机", "security": "安全事件"}


def minutes_text(value: float | None, *, working: bool = False) -> str:
    """``95.5`` → ``1 小时 35.5 分``; None → ``—``."""
    if value is None:
        return "—"
    unit = "工作" if working else ""
    hours, minutes = divmod(round(value, 2), 60)
    if hours and round(minutes):
        return f"{int(hours)} {unit}小时 {round(minutes)} 分"
    if hours:
        return f"{int(hours)} {unit}小时"
    return f"{value:g} {unit}分钟"


def _table(rows: list[list[Any]], widths: list[float], *, center: tuple[int, ...] = ()) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(table_style(center_cols=center)))
    return t


def _heading(label: str) -> Paragraph:
    return Paragraph(label, styles().h2)


def _overview(d: MonthlyData) -> list[Any]:
    levels = [[cell("等级", center=True), cell("优先级", center=True), cell("工单数", center=True)]]
    for lv in range(1, 6):
        row = facts().level(lv)
        levels.append([cell(row.name), cell(row.priority, center=True), cell(str(d.by_level[lv]), center=True)])
    kinds = [[cell("类型", center=True), cell("工单数", center=True)]]
    kinds += [[cell(KIND_NAMES.get(k, k)), cell(str(n), center=True)] for k, n in d.by_kind.items()]
    statuses = [[cell("状态", center=True), cell("工单数", center=True)]]
    statuses += [[cell(s), cell(str(n), center=True)] for s, n in d.by_status.items()]
    cats = [[cell("安全事件类别（合同 1.1.5）", center=True), cell("次数", center=True)]]
    cats += [[cell(c), cell(str(n), center=True)] for c, n in d.by_category.items()]
    w = FRAME_WIDTH
    side = Table(
        [
            [
                _table(levels, [w * 0.17, w * 0.11, w * 0.11]),
                _table(kinds, [w * 0.16, w * 0.1]),
                _table(statuses, [w * 0.16, w * 0.1]),
            ]
        ],
        colWidths=[w * 0.41, w * 0.28, w * 0.28],
    )
    side.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles().font),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        _heading("一、工单概况"),
        text(f"本月共报告工单 {d.tickets} 个（按报告时间统计），统计时刻 {tu.from_us(d.at):%Y-%m-%d %H:%M}。"),
        side,
        Spacer(1, 4 * mm),
        _table(cats, [w * 0.7, w * 0.3], center=(1,)),
    ]


def _compliance(d: MonthlyData) -> list[Any]:
    head = ["时钟", "目标", "达标", "超时", "计时中", "达标率"]
    rows: list[list[Any]] = [[cell(h, center=True) for h in head]]
    for c in d.clocks:
        rate = "—" if c.compliance is None else f"{c.compliance:.2f}%"
        rows.append(
            [
                cell(c.name),
                cell(minutes_text(c.target, working=c.working), center=True),
                cell(str(c.met), center=True),
                cell(str(c.breached), center=True),
                cell(str(c.pending), center=True),
                cell(rate, center=True),
            ]
        )
    w = FRAME_WIDTH
    s = d.summary
    parts: list[Any] = [
        _heading("二、SLA 达标情况"),
        _table(rows, [w * 0.28, w * 0.2, w * 0.12, w * 0.12, w * 0.12, w * 0.16]),
        Spacer(1, 2 * mm),
        text(
            f"合计：达标 {s.met}，超时 {s.breached}，计时中 {s.pending}（其中临近超时 {s.at_risk}），"
            f"总达标率 {s.compliance:.2f}%。达标率 = 达标 ÷（达标 + 超时）× 100%。"
        ),
    ]
    if d.unverified_years:
        years = "、".join(str(y) for y in d.unverified_years)
        parts.append(
            text(
                f"日历未核实：{years} 年的法定节假日与调休安排尚未录入（设置 → 工作日历），"
                "按工作时间计的时钟暂按周末与合同约定的例外日计算。",
                styles().note,
            )
        )
    parts += [
        _heading("三、响应与修复时效"),
        text(
            f"平均响应时间（MTTA）：{minutes_text(d.mtta)}；平均解决时间（MTTR，不含挂起与重新打开前的间隔）："
            f"{minutes_text(d.mttr)}。"
        ),
    ]
    return parts


def _breaches(d: MonthlyData) -> list[Any]:
    parts: list[Any] = [_heading("四、超时明细")]
    if not d.breaches:
        return [*parts, text("本月没有超时的 SLA 时钟。")]
    head = ["工单", "等级", "时钟", "目标", "实际", "挂起原因"]
    rows: list[list[Any]] = [[cell(h, center=True) for h in head]]
    for b in d.breaches:
        rows.append(
            [
                cell(f"{b.ticket_id} {b.title}"),
                cell(facts().level(b.level).name, center=True),
                cell(b.clock),
                cell(minutes_text(b.target, working=b.working), center=True),
                cell(minutes_text(b.elapsed, working=b.working), center=True),
                cell("；".join(b.pause_reasons) or "无挂起"),
            ]
        )
    w = FRAME_WIDTH
    return [*parts, _table(rows, [w * 0.27, w * 0.1, w * 0.14, w * 0.13, w * 0.15, w * 0.21])]


def _evaluation(d: MonthlyData) -> list[Any]:
    rows: list[list[Any]] = [[cell(h, center=True) for h in ("评定项", "降级", "升级", "未评定")]]
    for criterion in facts().criteria:
        counts = d.evaluation[criterion.key]
        rows.append(
            [
                cell(criterion.name),
                cell(str(counts["降级"]), center=True),
                cell(str(counts["升级"]), center=True),
                cell(str(counts["未评定"]), center=True),
            ]
        )
    w = FRAME_WIDTH
    parts: list[Any] = [_heading("五、故障处理评定汇总"), _table(rows, [w * 0.4, w * 0.2, w * 0.2, w * 0.2])]
    if d.upgrade_notes:
        parts.append(Spacer(1, 2 * mm))
        parts += [
            text(f"{tid}（{name}，升级）：{note or '未填写说明'}", styles().note) for tid, name, note in d.upgrade_notes
        ]
    return parts


def trend_chart(d: MonthlyData, height: float = 62 * mm) -> Drawing:
    """Tickets per month (bars, left axis) and SLA compliance (line, right axis), 12 months."""
    font = styles().font
    width = FRAME_WIDTH
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=8)
    left, right, bottom, top = 30, 34, 22, 18
    plot_w, plot_h = width - left - right, height - bottom - top
    most = max([p.tickets for p in d.trend] + [1])
    scale = max(5, -(-most // 5) * 5)
    for i in range(6):
        y = bottom + plot_h * i / 5
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=GRID, strokeWidth=0.3, strokeDashArray=(1, 2)))
        drawing.add(
            String(left - 4, y - 3, f"{scale * i // 5}", fontName=font, fontSize=7, fillColor=MUTED, textAnchor="end")
        )
        drawing.add(String(left + plot_w + 4, y - 3, f"{i * 20}%", fontName=font, fontSize=7, fillColor=LINE_INK))
    step = plot_w / len(d.trend)
    points: list[float] = []
    segments: list[list[float]] = []
    for i, p in enumerate(d.trend):
        x = left + step * i
        bar_h = plot_h * p.tickets / scale
        drawing.add(Rect(x + step * 0.2, bottom, step * 0.6, bar_h, fillColor=BAR_FILL, strokeColor=None))
        if p.tickets:
            drawing.add(
                String(
                    x + step / 2,
                    bottom + bar_h + 2,
                    str(p.tickets),
                    fontName=font,
                    fontSize=7,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
        label = f"{p.year % 100:02d}/{p.month:02d}" if p.month == 1 or i == 0 else f"{p.month}月"
        drawing.add(
            String(x + step / 2, bottom - 11, label, fontName=font, fontSize=7, fillColor=INK, textAnchor="middle")
        )
        if p.compliance is None:  # nothing decided that month: a gap in the line, not 100 %
            if points:
                segments.append(points)
            points = []
            continue
        points += [x + step / 2, bottom + plot_h * p.compliance / 100]
    if points:
        segments.append(points)
    for seg in segments:
        if len(seg) > 2:
            drawing.add(PolyLine(seg, strokeColor=LINE_INK, strokeWidth=1.2))
        for i in range(0, len(seg), 2):
            drawing.add(Rect(seg[i] - 1.6, seg[i + 1] - 1.6, 3.2, 3.2, fillColor=LINE_INK, strokeColor=None))
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=ACCENT, strokeWidth=0.6))
    drawing.add(String(2, height - 9, "工单数（个）", fontName=font, fontSize=7.5, fillColor=MUTED))
    drawing.add(
        String(width - 2, height - 9, "SLA 达标率", fontName=font, fontSize=7.5, fillColor=LINE_INK, textAnchor="end")
    )
    return drawing


def _trend(d: MonthlyData) -> list[Any]:
    return [
        KeepTogether(
            [
                _heading("六、近 12 个月趋势"),
                trend_chart(d),
                Paragraph("图 1  每月工单数（柱）与 SLA 达标率（折线）", styles().caption),
            ]
        )
    ]


def _obligations(d: MonthlyData) -> list[Any]:
    today = tu.from_us(d.at).date()
    parts: list[Any] = [_heading("七、服务义务完成情况")]
    for behind in d.behind:
        parts.append(Paragraph(f'<font color="{ALERT.hexval()}">进度落后：</font>{behind.message}。', styles().body))
    rows: list[list[Any]] = [[cell(h, center=True) for h in ("服务义务", "到期", "完成", "状态", "证据")]]
    for o in d.obligations:
        status = o.status(today)
        status_cell = (
            Paragraph(f'<font color="{ALERT.hexval()}">{status}</font>', styles().cell_center)
            if status in ("已逾期", "逾期完成")
            else cell(status, center=True)
        )
        rows.append(
            [
                cell(o.title),
                cell(o.due.isoformat(), center=True),
                cell(o.done.isoformat() if o.done else "—", center=True),
                status_cell,
                cell(f"{len(o.files)} 个文件" if o.files else "—", center=True),
            ]
        )
    if len(rows) == 1:
        return [*parts, text("截至本月末没有到期的服务义务。")]
    w = FRAME_WIDTH
    return [*parts, _table(rows, [w * 0.46, w * 0.14, w * 0.14, w * 0.12, w * 0.14])]


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Draws the running header and ``第 X 页 共 Y 页`` once the page count is known."""

    title = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        font = styles().font
        self.setFont(font, 8.5)
        self.setFillColor(MUTED)
        top = PAGE_HEIGHT - MARGIN_TOP + 9 * mm
        self.drawString(MARGIN_LEFT, top, f"{APP_DISPLAY_NAME} · 运维月报")
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, self.title)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)
        self.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 11 * mm, f"第 {number} 页 共 {total} 页")


def story(d: MonthlyData) -> list[Any]:
    """Every flowable of the report, in order."""
    st = styles()
    c = d.contract
    head = [
        Paragraph(f"{d.year} 年 {d.month} 月运维服务月度报告", st.h1),
        text(c.name, st.h3),
        text(f"委托单位：{c.client or '—'}　　运维单位：{c.vendor or '—'}", st.note),
        text(
            f"统计范围：{d.year}-{d.month:02d} 报告的工单；SLA 计算时刻 {tu.from_us(d.at):%Y-%m-%d %H:%M}（北京时间）。"
            "时钟目标依据合同第 2 分标 1.1.2、1.1.3（响应 30 分钟、恢复 4 小时、重大故障 12 小时、现场 2–4 小时、"
            "宕机 8 小时、安全事件 24 小时内提出方案）。",
            st.note,
        ),
        Spacer(1, 2 * mm),
    ]
    return [*head, *_overview(d), *_compliance(d), *_breaches(d), *_evaluation(d), *_trend(d), *_obligations(d)]


def write_monthly_pdf(d: MonthlyData, path: str | Path) -> Path:
    """Write the report atomically and return its path."""
    path = Path(path)
    with replace_atomically(path, prefix=".ops-report-", suffix=".pdf") as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            initialFontName=styles().font,
            pageCompression=1,
            title=d.title,
            author=d.contract.vendor or APP_DISPLAY_NAME,
            subject="运维服务月度报告",
            creator=APP_DISPLAY_NAME,
        )

        class _Canvas(_NumberedCanvas):
            title = d.title

        doc.build(story(d), canvasmaker=_Canvas)
    return path
