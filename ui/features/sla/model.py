"""One item model for the board's kanban and its table, and the filter proxies over it.

The model holds one :class:`BoardItem` per ticket (its stored row and its clocks as of the
board's "now"). The table view and each kanban column show it through a :class:`RowsProxy`
whose rows come from one Python pass over the tickets (:func:`accepted`), so a filter change
on 50,000 tickets is one pass and a reset per view, and both views always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.ops import timeutil as tu
from app.ops.boardview import Filters, chips, worst
from app.ops.clocks import AT_RISK, BREACHED, TicketResult
from app.ops.contract import facts
from app.ops.repository import TicketRow
from ui.models.table_base import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 2
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4

TINTS = {
    "green": QColor("#2E7D32"),
    "yellow": QColor("#B8860B"),
    "orange": QColor("#E65100"),
    "red": QColor("#C62828"),
    "grey": QColor("#6B7280"),
}
FILLS = {
    "green": QColor("#E8F5E9"),
    "yellow": QColor("#FFF8E1"),
    "orange": QColor("#FFE0B2"),
    "red": QColor("#FFCDD2"),
    "grey": QColor("#F1F3F5"),
}
KIND_NAMES = {
    "fault": QT_TRANSLATE_NOOP("TicketModel", "故障"),
    "outage": QT_TRANSLATE_NOOP("TicketModel", "宕机"),
    "security": QT_TRANSLATE_NOOP("TicketModel", "安全事件"),
}


class BoardItem:
    """A ticket on the board: its stored row, its clocks as of the board's now, its filter keys."""

    __slots__ = ("month", "order", "result", "row", "running", "urgent")

    def __init__(self, row: TicketRow, result: TicketResult) -> None:
        self.row = row
        self.result = result
        reported = row.ticket.reported_at
        self.month = tu.month_of(reported)
        urgent, soonest = False, float("inf")
        for c in result.clocks:
            if c.status in (BREACHED, AT_RISK):
                urgent = True
            if c.started and not c.stopped and c.target - c.elapsed < soonest:
                soonest = c.target - c.elapsed
        self.urgent = urgent
        self.running = soonest != float("inf")
        self.order = (soonest, -reported)  # the board's order: most urgent running clock first, then newest


class TicketModel(HeaderedTableModel):
    """The board's tickets (one row each); columns for the table, roles for the kanban cards."""

    HEADERS = (
        QT_TRANSLATE_NOOP("TicketModel", "编号"),
        QT_TRANSLATE_NOOP("TicketModel", "标题"),
        QT_TRANSLATE_NOOP("TicketModel", "等级"),
        QT_TRANSLATE_NOOP("TicketModel", "类型"),
        QT_TRANSLATE_NOOP("TicketModel", "状态"),
        QT_TRANSLATE_NOOP("TicketModel", "负责人"),
        QT_TRANSLATE_NOOP("TicketModel", "报告时间"),
        QT_TRANSLATE_NOOP("TicketModel", "SLA 时钟（剩余时间）"),
    )
    CLOCKS_COLUMN = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[BoardItem] = []
        self.names: dict[str, str] = {}
        self._row_of: dict[int, int] = {}

    def row_items(self) -> Sequence[BoardItem]:
        """The tickets, in load order."""
        return self.items

    def set_items(self, items: list[BoardItem], names: dict[str, str]) -> None:
        """Replace every ticket (a load or a reload)."""
        self.beginResetModel()
        self.items = items
        self.names = names
        self._row_of = {item.row.pk: i for i, item in enumerate(items)}
        self.endResetModel()

    def update_results(self, results: dict[int, TicketResult]) -> list[int]:
        """New clock results for some tickets (by stored id); returns the rows that changed."""
        changed: list[int] = []
        for pk, result in results.items():
            row = self._row_of.get(pk)
            if row is None or self.items[row].result == result:
                continue
            self.items[row] = BoardItem(self.items[row].row, result)
            changed.append(row)
        if changed:
            last = self.columnCount() - 1
            for start, end in _runs(sorted(changed)):
                self.dataChanged.emit(self.index(start, 0), self.index(end, last))
        return changed

    def sort_items(self, column: int, descending: bool = False) -> None:
        """Sort the tickets by a column in Python (fast on 50,000 rows; proxies follow the reset)."""
        key_of = self._text
        keyed = sorted(((key_of(it, column, sort=True), i) for i, it in enumerate(self.items)), reverse=descending)
        self.set_items([self.items[i] for _key, i in keyed], self.names)

    def item(self, row: int) -> BoardItem:
        """The ticket in ``row``."""
        return self.items[row]

    def row_of(self, pk: int) -> int | None:
        """The row of a stored ticket id."""
        return self._row_of.get(pk)

    def chips(self, item: BoardItem) -> list[tuple[str, str]]:
        """``(text, colour)`` chips of a ticket (see :func:`app.ops.boardview.chips`)."""
        return chips(item.result, self.names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, colours and the item itself for the delegates."""
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == ITEM_ROLE:
            return item
        if role == COLOUR_ROLE:
            return worst(item.result.clocks)
        if role == CHIPS_ROLE:
            return self.chips(item)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._text(item, column, sort=role == SORT_ROLE)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CLOCKS_COLUMN:
            return TINTS[worst(item.result.clocks)]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CLOCKS_COLUMN:
            return "\n".join(text for text, _tint in self.chips(item)) or None
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:  # a kanban card: what its elided lines hold
            t = item.row.ticket
            who = f" · {t.assignee}" if t.assignee else ""
            return "\n".join([f"{t.id} {t.title}{who}", *(text for text, _tint in self.chips(item))])
        return None

    def _text(self, item: BoardItem, column: int, *, sort: bool) -> Any:
        t = item.row.ticket
        if column == 0:
            return t.id
        if column == 1:
            return t.title
        if column == 2:
            return item.result.level if sort else facts().level(item.result.level).name
        if column == 3:
            return self.tr(str(KIND_NAMES.get(t.kind, t.kind)))
        if column == 4:
            return item.result.status + (self.tr("（挂起）") if item.result.paused and not sort else "")
        if column == 5:
            return t.assignee
        if column == 6:
            return t.reported_at if sort else f"{tu.from_us(t.reported_at):%Y-%m-%d %H:%M}"
        if column == self.CLOCKS_COLUMN:
            chips = self.chips(item)
            if sort:
                running = [c.target - c.elapsed for c in item.result.clocks if c.running]
                return min(running, default=float("inf"))
            return "；".join(text for text, _tint in chips)
        return None


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def accepted(items: Sequence[BoardItem], f: Filters) -> list[int]:
    """The rows of ``items`` that pass the filters (one tight pass, no Qt calls per row)."""
    level, kind, status, who, month, urgent = f.level, f.kind, f.status, f.assignee, f.month, f.urgent
    return [
        i
        for i, it in enumerate(items)
        if (level is None or it.result.level == level)
        and (kind is None or it.row.ticket.kind == kind)
        and (status is None or it.result.status == status)
        and (who is None or it.row.ticket.assignee == who)
        and (month is None or it.month == month)
        and (not urgent or it.urgent)
    ]


class RowsProxy(QAbstractProxyModel):
    """A view of some rows of the :class:`TicketModel`, in a given order (a filter, a kanban column).

    The rows are computed in Python in one pass (:func:`accepted`) and handed over with
    :meth:`set_rows`, so a filter change costs one pass over the tickets and a reset per view,
    not one Python call per ticket per view.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[int] = []
        self._proxy_of: dict[int, int] = {}

    def setSourceModel(self, model: Any) -> None:
        """Follow the source's cell changes."""
        super().setSourceModel(model)
        model.dataChanged.connect(self._source_changed)

    def set_rows(self, rows: list[int]) -> None:
        """Show these source rows, in this order."""
        self.beginResetModel()
        self.rows = rows
        self._proxy_of = {source: i for i, source in enumerate(rows)}
        self.endResetModel()

    def _source_changed(self, top: QModelIndex, bottom: QModelIndex, roles: list[int] | None = None) -> None:
        last = self.columnCount() - 1
        for source in range(top.row(), bottom.row() + 1):
            row = self._proxy_of.get(source)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        """The source index of a proxy index."""
        if not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self.rows):
            return QModelIndex()
        return self.sourceModel().index(self.rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        """The proxy index of a source index (invalid when the row is not shown)."""
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_of.get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """A flat index."""
        if parent.isValid() or not 0 <= row < len(self.rows) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Flat: no parents."""
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows shown."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The source's columns."""
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The source's column titles; row numbers for vertical headers."""
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
