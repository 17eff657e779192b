"""Painting the board: a kanban card per ticket, and coloured clock chips in the table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ops.contract import facts
from ui.features.sla.model import CHIPS_ROLE, COLOUR_ROLE, FILLS, ITEM_ROLE, TINTS, BoardItem

Index = QModelIndex | QPersistentModelIndex
PAD = 6
CHIP_H = 18


def _draw_chips(
    painter: QPainter, rect: QRect, chips: list[tuple[str, str]], metrics: QFontMetrics, rows: int = 1
) -> int:
    """Draw ``(text, colour)`` chips left to right, wrapping onto at most ``rows`` rows."""
    x, y, row = rect.left(), rect.top(), 1
    for full, tint in chips:
        width = min(metrics.horizontalAdvance(full) + 12, rect.width())
        text = _fit(full, metrics, width - 10)
        if x + width > rect.right() and x > rect.left():
            if row == rows:
                break
            x, y, row = rect.left(), y + CHIP_H + 3, row + 1
        box = QRect(x, y, width, CHIP_H)
        painter.setPen(QPen(TINTS[tint], 1))
        painter.setBrush(FILLS[tint])
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(TINTS[tint])
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        x += width + 4
    return y + CHIP_H - rect.top() if chips else 0


def _fit(text: str, metrics: QFontMetrics, width: int) -> str:
    """``业务恢复 剩3小时19分`` in ``width``: the clock's name is shortened first, the remaining time last."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    name, _sep, rest = text.partition(" ")
    room = width - metrics.horizontalAdvance(" " + rest)
    if not rest or room < metrics.horizontalAdvance("……"):
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) + " " + rest


class ChipsDelegate(QStyledItemDelegate):
    """The table's SLA column: one coloured chip per running clock."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Chips instead of the joined text."""
        chips = index.data(CHIPS_ROLE) or []
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        area = option.rect.adjusted(3, (option.rect.height() - CHIP_H) // 2, -3, 0)
        _draw_chips(painter, area, chips, option.fontMetrics)
        painter.restore()


class CardDelegate(QStyledItemDelegate):
    """A kanban card: number, level badge, title, assignee and the running clocks' chips."""

    CHIP_ROWS = 2

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """One size for every card (the kanban uses uniform item sizes): two lines and two chip rows."""
        metrics = option.fontMetrics
        return QSize(200, 2 * PAD + 2 * (metrics.height() + 2) + self.CHIP_ROWS * (CHIP_H + 3) + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the card with a left stripe in the ticket's most urgent colour."""
        item = index.data(ITEM_ROLE)
        if not isinstance(item, BoardItem):
            return
        tint = index.data(COLOUR_ROLE) or "grey"
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(option.palette.highlight().color() if selected else TINTS["grey"].lighter(150), 1))
        painter.setBrush(option.palette.base())
        painter.drawRoundedRect(card, 5, 5)
        painter.fillRect(QRect(card.left(), card.top() + 1, 4, card.height() - 2), TINTS[tint])
        metrics = option.fontMetrics
        line_h = metrics.height() + 2
        inner = card.adjusted(PAD + 4, PAD, -PAD, -PAD)
        ticket = item.row.ticket
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.text().color())
        level = facts().level(item.result.level).name
        head = f"{ticket.id}  {level}" + (self.tr("  挂起") if item.result.paused else "")
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line_h), Qt.AlignmentFlag.AlignLeft, head)
        painter.setFont(option.font)
        who = f"  · {ticket.assignee}" if ticket.assignee else ""
        title = metrics.elidedText(ticket.title + who, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(
            QRect(inner.left(), inner.top() + line_h, inner.width(), line_h), Qt.AlignmentFlag.AlignLeft, title
        )
        chips = index.data(CHIPS_ROLE) or []
        chip_area = QRect(inner.left(), inner.top() + 2 * line_h + 2, inner.width(), CHIP_H)
        _draw_chips(painter, chip_area, chips, metrics, self.CHIP_ROWS)
        painter.restore()
