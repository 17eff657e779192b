"""Small painted status icons (no image files to ship): verdicts, marks, warnings."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

UNTESTED = "未测"
INCOMPLETE = "待补全"

COLORS = {
    "符合": QColor("#2e7d32"),
    "部分符合": QColor("#e69500"),
    "不符合": QColor("#c62828"),
    "不适用": QColor("#8a8f98"),
    UNTESTED: QColor("#5c6bc0"),
    INCOMPLETE: QColor("#5c6bc0"),
    "high": QColor("#c62828"),
    "mitigated": QColor("#e69500"),
    "dismissed": QColor("#8a8f98"),
    "warning": QColor("#e69500"),
}
"""The colour of each verdict or status (also used for text)."""

MARK_COLORS = {"√": QColor("#2e7d32"), "×": QColor("#c62828"), "/": QColor("#8a8f98")}

CONCLUSION_COLORS = {"符合": "#2e7d32", "基本符合": "#b26a00", "不符合": "#c62828", "暂不下结论": "#5c6bc0"}
"""The colour (for rich text) of the case's conclusion."""

_SIZE = 16


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(_SIZE * 2, _SIZE * 2)  # drawn at 2× so it stays crisp on HiDPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


@cache
def status_icon(status: str) -> QIcon:
    """The icon of a verdict (符合 …), ``未测``, ``待补全`` or a risk status (``high`` …)."""
    color = COLORS.get(status, QColor("#8a8f98"))
    pixmap, p = _canvas()
    rect = QRectF(1.5, 1.5, _SIZE - 3, _SIZE - 3)
    white = QPen(QColor("white"), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    if status in (UNTESTED, INCOMPLETE):
        p.setPen(QPen(color, 1.6))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(rect)
        if status == INCOMPLETE:
            path = QPainterPath()
            path.moveTo(QPointF(_SIZE / 2, _SIZE / 2))
            path.arcTo(rect, 90, 180)
            path.closeSubpath()
            p.fillPath(path, QBrush(color))
    elif status == "warning":
        path = QPainterPath()
        path.moveTo(_SIZE / 2, 1.5)
        path.lineTo(_SIZE - 1, _SIZE - 2)
        path.lineTo(1, _SIZE - 2)
        path.closeSubpath()
        p.fillPath(path, QBrush(color))
        p.setPen(white)
        p.drawLine(QPointF(_SIZE / 2, 6), QPointF(_SIZE / 2, 10))
        p.drawPoint(QPointF(_SIZE / 2, 12.2))
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(rect)
        p.setPen(white)
        if status == "符合":
            p.drawPolyline([QPointF(4.5, 8.3), QPointF(7, 10.8), QPointF(11.5, 5.5)])
        elif status in ("不符合", "high"):
            p.drawLine(QPointF(5.5, 5.5), QPointF(10.5, 10.5))
            p.drawLine(QPointF(10.5, 5.5), QPointF(5.5, 10.5))
        elif status in ("部分符合", "mitigated"):
            half = QPainterPath()
            half.moveTo(QPointF(_SIZE / 2, _SIZE / 2))
            half.arcTo(QRectF(4, 4, _SIZE - 8, _SIZE - 8), -90, 180)
            half.closeSubpath()
            p.fillPath(half, QBrush(QColor("white")))
        else:  # 不适用 / dismissed
            p.drawLine(QPointF(5, 11), QPointF(11, 5))
    p.end()
    return QIcon(pixmap)
