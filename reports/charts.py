"""The layer-score bar chart (reportlab.graphics, vector, CJK labels in the embedded font)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.mipin.engine import LayerScore
from app.mipin.engine.definitions import TECHNICAL
from reports.styles import ACCENT, FRAME_WIDTH, GRID, INK, MUTED, styles

TECH_FILL = colors.HexColor("#2F6DB5")
MGMT_FILL = colors.HexColor("#5FA37A")


def short_layer_name(name: str) -> str:
    """``物理和环境安全`` → ``物理和环境`` (axis labels must stay on one line)."""
    return name[:-2] if name.endswith("安全") else name


def layer_chart(layers: Sequence[LayerScore], *, height: float = 58 * mm) -> Drawing:
    """A vertical bar chart of the layer scores in percent; 不适用 layers are labelled, not drawn.

    Args:
        layers: The eight layers from the engine (score None when not applicable).
        height: Drawing height in points.
    """
    font = styles().font
    width = FRAME_WIDTH
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=8)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 30
    chart.width, chart.height = width - 50, height - 52
    values = [None if layer.score is None else float(layer.score) * 100 for layer in layers]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [short_layer_name(layer.name_zh) for layer in layers]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8.5
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = MUTED
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.strokeColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.gridStrokeDashArray = (1, 2)
    chart.barWidth = 10
    chart.groupSpacing = 14
    chart.bars.strokeColor = None
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 6
    for index, layer in enumerate(layers):
        chart.bars[(0, index)].fillColor = TECH_FILL if layer.group == TECHNICAL else MGMT_FILL
    drawing.add(chart)
    step = chart.width / len(layers)
    for index, layer in enumerate(layers):
        if layer.score is None:
            x = chart.x + step * (index + 0.5)
            drawing.add(
                String(x, chart.y + 4, "不适用", fontName=font, fontSize=8, fillColor=MUTED, textAnchor="middle")
            )
    drawing.add(String(4, height - 10, "得分（%）", fontName=font, fontSize=8, fillColor=MUTED))
    legend_x = width - 190
    for offset, (label, fill) in enumerate((("密码应用技术层面", TECH_FILL), ("密码应用管理层面", MGMT_FILL))):
        x = legend_x + offset * 95
        drawing.add(Rect(x, height - 12, 8, 8, fillColor=fill, strokeColor=None))
        drawing.add(String(x + 11, height - 11, label, fontName=font, fontSize=8, fillColor=INK))
    drawing.add(Line(chart.x, chart.y, chart.x + chart.width, chart.y, strokeColor=ACCENT, strokeWidth=0.6))
    return drawing


def process_figure(phases: Sequence[tuple[str, str]], *, height: float = 30 * mm) -> Drawing:
    """The four process phases as boxes joined by arrows (1.3 测评过程).

    Args:
        phases: ``(phase name, date range text)`` in order.
        height: Drawing height in points.
    """
    font = styles().font
    width = FRAME_WIDTH
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=8)
    count = len(phases)
    gap = 9 * mm
    box_w = (width - gap * (count - 1)) / count
    box_h = height - 8
    for index, (name, dates) in enumerate(phases):
        x = index * (box_w + gap)
        drawing.add(Rect(x, 4, box_w, box_h, rx=6, ry=6, fillColor=colors.HexColor("#EEF3F9"), strokeColor=ACCENT))
        drawing.add(
            String(
                x + box_w / 2, 4 + box_h * 0.58, name, fontName=font, fontSize=10, fillColor=ACCENT, textAnchor="middle"
            )
        )
        drawing.add(
            String(
                x + box_w / 2,
                4 + box_h * 0.25,
                dates,
                fontName=font,
                fontSize=7.5,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        if index < count - 1:
            ax = x + box_w + 2
            ay = 4 + box_h / 2
            drawing.add(Line(ax, ay, ax + gap - 4, ay, strokeColor=ACCENT, strokeWidth=1.2))
            drawing.add(Line(ax + gap - 8, ay + 3, ax + gap - 4, ay, strokeColor=ACCENT, strokeWidth=1.2))
            drawing.add(Line(ax + gap - 8, ay - 3, ax + gap - 4, ay, strokeColor=ACCENT, strokeWidth=1.2))
    return drawing
