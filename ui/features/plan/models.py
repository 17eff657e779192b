"""The models of the 密改方案 tab: the items table (sort, filter, group by layer) and plain row tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.mipin.engine import Catalogue, load_catalogue
from app.plan.costs import effective_cost, format_amount
from app.plan.edits import SetItemField
from app.plan.model import COST_SHARED, COST_UNKNOWN, PHASES, PRIORITIES, Plan, PlanItem
from ui.models.table_base import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
EditFn = Callable[[Any, str], bool]

(
    C_SELECTED,
    C_PRIORITY,
    C_LAYER,
    C_WHERE,
    C_PROBLEM,
    C_MEASURE,
    C_PRODUCTS,
    C_TARGET,
    C_REMOVES,
    C_PHASE,
    C_OWNER,
    C_DATE,
    C_COST,
    C_STATE,
) = range(14)


HEADERS = (
    QT_TRANSLATE_NOOP("PlanItemsModel", "选用"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "优先级"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "层面"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "单元/对象"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "问题"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "措施"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "产品（数量）"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "目标 D/A/K"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "消除高风险"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "阶段"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "责任人"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "完成日期"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "费用（万元）"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "状态"),
)
EDITABLE = {C_MEASURE: "measure", C_PRIORITY: "priority", C_PHASE: "phase", C_OWNER: "owner", C_DATE: "target_date"}
CHOICES = {C_PRIORITY: PRIORITIES, C_PHASE: PHASES}
LAYER_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


def target_text(item: PlanItem) -> str:
    """The item's target as the table shows it (``√√√`` or a management result)."""
    if item.target_d is not None:
        text = f"{item.target_d}{item.target_a}{item.target_k}"
        if item.target_algorithms:
            text += "（" + "、".join(item.target_algorithms) + "）"
        return text
    return item.target_result or ""


class PlanItemsModel(HeaderedTableModel):
    """The plan's items; edits go out as :class:`~app.plan.edits.SetItemField` through ``edit``."""

    HEADERS = HEADERS

    def __init__(self, edit: EditFn, catalogue: Catalogue | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self.cat = catalogue or load_catalogue()
        self.layers = {layer.code: layer.name_zh for layer in self.cat.layers}
        self.items: tuple[PlanItem, ...] = ()
        self.costs: dict[str, tuple[Decimal | None, str]] = {}
        self.needed: dict[str, str] = {}

    def set_plan(self, plan: Plan | None, prices: dict[str, Any], needed: dict[str, str] | None = None) -> None:
        """Show ``plan``'s items with their costs (``needed``: item key → what 基本符合 depends on)."""
        items = plan.items if plan is not None else ()
        same_rows = [i.key for i in items] == [i.key for i in self.items]
        if not same_rows:
            self.beginResetModel()
        self.items = items
        self.costs = {i.key: effective_cost(i, prices, self.items) for i in self.items}
        self.needed = needed or {}
        if not same_rows:
            self.endResetModel()
        elif items:  # the same rows: repaint them, keeping the view's selection and scroll position
            self.dataChanged.emit(self.index(0, 0), self.index(len(items) - 1, len(HEADERS) - 1))

    def set_needed(self, needed: dict[str, str]) -> None:
        """Update the "depends on" marks only (after a what-if)."""
        self.needed = needed
        if self.items:
            self.dataChanged.emit(self.index(0, C_STATE), self.index(len(self.items) - 1, C_STATE))

    def row_items(self) -> tuple[PlanItem, ...]:
        """One row per item."""
        return self.items

    def layer_name(self, item: PlanItem) -> str:
        """The item's 层面 (Chinese name)."""
        definition = self.cat.find_unit(item.unit)
        if definition is None:
            return ""
        return self.layers.get(definition.layer, definition.layer)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selection is a check box; measure, priority, phase, owner, date and cost are editable."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == C_SELECTED:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        item = self.items[index.row()]
        own = item.shared_with is None  # a shared measure's cost and target are its owner's
        if index.column() in EDITABLE or (index.column() in (C_COST, C_TARGET) and own):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _cost_text(self, item: PlanItem) -> str:
        value, source = self.costs.get(item.key, (None, COST_UNKNOWN))
        if value is None:
            return QCoreApplication.translate("PlanItemsModel", "未知")
        text = format_amount(value)
        if source == COST_SHARED:
            return text + QCoreApplication.translate("PlanItemsModel", "（同一措施）")
        if item.cost_note:
            text += f"（{item.cost_note}）"
        elif source == "price_list":
            text += QCoreApplication.translate("PlanItemsModel", "（价格表）")
        return text

    def _state_text(self, item: PlanItem) -> str:
        parts = []
        if item.stale:
            parts.append(QCoreApplication.translate("PlanItemsModel", "测评结果中已无此问题"))
        if item.edited:
            parts.append(QCoreApplication.translate("PlanItemsModel", "已编辑"))
        if item.shared_with:
            parts.append(QCoreApplication.translate("PlanItemsModel", "与 %1 同一措施").replace("%1", item.shared_with))
        if item.key in self.needed:
            parts.append(QCoreApplication.translate("PlanItemsModel", "基本符合依赖此项"))
        return "；".join(parts)

    def _display(self, item: PlanItem, column: int) -> Any:
        texts: dict[int, Callable[[PlanItem], Any]] = {
            C_PRIORITY: lambda i: i.priority,
            C_LAYER: self.layer_name,
            C_WHERE: lambda i: i.unit + (f" / {i.object}" if i.object else ""),
            C_PROBLEM: lambda i: i.problem,
            C_MEASURE: lambda i: i.measure,
            C_PRODUCTS: lambda i: "、".join(f"{p.type}×{p.quantity}" for p in i.products),
            C_TARGET: target_text,
            C_REMOVES: lambda i: "、".join(i.removes),
            C_PHASE: lambda i: i.phase,
            C_OWNER: lambda i: i.owner,
            C_DATE: lambda i: i.target_date.isoformat() if i.target_date else "",
            C_COST: self._cost_text,
            C_STATE: self._state_text,
        }
        text = texts.get(column)
        return text(item) if text is not None else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, the selection check box, colours for stale and unknown-cost items."""
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == C_SELECTED:
            return Qt.CheckState.Checked if item.selected else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == C_COST:
                return format_amount(item.cost) if item.cost is not None else ""
            return self._display(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.stale:
                return QBrush(QColor("#9e9e9e"))
            if column == C_COST and self.costs.get(item.key, (None, ""))[0] is None:
                return QBrush(QColor("#b26a00"))
        return self._roles(item, index.row(), role)

    def _roles(self, item: PlanItem, row: int, role: int) -> Any:
        if role == LAYER_ROLE:
            return self.layer_name(item)
        if role == KEY_ROLE:
            return item.key
        if role == SORT_ROLE:
            return row
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Turn a cell edit into a typed edit (refused values are reported, nothing changes)."""
        if not index.isValid():
            return False
        item = self.items[index.row()]
        column = index.column()
        if column == C_SELECTED and role == Qt.ItemDataRole.CheckStateRole:
            selected = Qt.CheckState(value) == Qt.CheckState.Checked
            text = (
                QCoreApplication.translate("PlanItemsModel", "选用条目")
                if selected
                else QCoreApplication.translate("PlanItemsModel", "不选用条目")
            )
            return self._edit(SetItemField(item.key, "selected", selected), f"{text} {item.key}")
        if role != Qt.ItemDataRole.EditRole:
            return False
        if column == C_TARGET:
            return self._set_target(item, str(value).strip())
        parsed = self._parse(item, column, str(value).strip())
        if parsed is None:
            return False
        name, new = parsed
        if getattr(item, name) == new:
            return False
        return self._edit(
            SetItemField(item.key, name, new),
            QCoreApplication.translate("PlanItemsModel", "修改 %1").replace("%1", item.key),
        )

    def _set_target(self, item: PlanItem, text: str) -> bool:
        """``√√×`` (D, A, K) for an object's item, ``符合``/``部分符合`` for a unit's: one undo step."""
        from app.core.edits import Batch

        label = QCoreApplication.translate("PlanItemsModel", "修改目标 %1").replace("%1", item.key)
        if item.object is None:
            if text == item.target_result:
                return False
            return self._edit(SetItemField(item.key, "target_result", text), label)
        marks = [c for c in text.split("（", 1)[0] if not c.isspace()]
        if len(marks) != 3:  # the edit refuses it and names the field
            return self._edit(SetItemField(item.key, "target_d", text), label)
        names = ("target_d", "target_a", "target_k")
        edits = tuple(SetItemField(item.key, n, m) for n, m in zip(names, marks, strict=True) if getattr(item, n) != m)
        return bool(edits) and self._edit(Batch(edits), label)

    def _parse(self, item: PlanItem, column: int, text: str) -> tuple[str, Any] | None:
        if column == C_COST:
            if not text:
                return "cost", None
            try:
                return "cost", Decimal(text)
            except InvalidOperation:
                return "cost", text  # the edit refuses it, naming the field
        if column == C_DATE:
            if not text:
                return "target_date", None
            try:
                return "target_date", date.fromisoformat(text)
            except ValueError:
                return "target_date", text
        name = EDITABLE.get(column)
        return (name, text) if name is not None else None

    def item_at(self, row: int) -> PlanItem:
        """The item of a source row."""
        return self.items[row]


class PlanItemsProxy(QSortFilterProxyModel):
    """Filters by text and layer, sorts by any column, and groups by layer (layer first, plan order)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.layer = ""
        self.grouped = False
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_filter(self, text: str, layer: str) -> None:
        """Show rows containing ``text`` (any column) in layer ``layer`` ("" for all)."""
        self.beginFilterChange()
        self.text, self.layer = text.strip(), layer
        self.endFilterChange()

    def set_grouped(self, grouped: bool) -> None:
        """Group by layer (then plan order), or back to plan order."""
        self.grouped = grouped
        self.invalidate()
        self.sort(C_LAYER if grouped else -1)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        """Layer and text filter."""
        model = self.sourceModel()
        if self.layer and model.index(row, 0, parent).data(LAYER_ROLE) != self.layer:
            return False
        if not self.text:
            return True
        return any(self.text in str(model.index(row, c, parent).data() or "") for c in range(model.columnCount()))

    def lessThan(self, left: Index, right: Index) -> bool:
        """By the column; ties (and grouping by layer) keep the plan's order."""
        a, b = left.data(), right.data()
        if self.grouped and left.column() == C_LAYER:
            a, b = (a, left.data(SORT_ROLE)), (b, right.data(SORT_ROLE))
        elif a == b:
            return bool(left.data(SORT_ROLE) < right.data(SORT_ROLE))
        return bool(str(a) < str(b)) if not isinstance(a, tuple) else bool(a < b)
