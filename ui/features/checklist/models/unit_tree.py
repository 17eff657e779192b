"""The 测评检查表's left tree: layers → units with 应/宜/可, weight, status icon and score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.mipin.casework.session import CaseSession
from app.mipin.engine import ScoreResult
from ui.icons import COLORS, INCOMPLETE, UNTESTED, status_icon
from ui.models.rowdiff import changed_rows, emit_rows_changed
from ui.models.table_base import ModeFilterProxy

COL_NAME, COL_REQUIREMENT, COL_WEIGHT, COL_SCORE = range(4)
UnitIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
OpenRisksRole = Qt.ItemDataRole.UserRole + 3
SortRole = Qt.ItemDataRole.UserRole + 4

FILTER_ALL, FILTER_UNTESTED, FILTER_FAILED, FILTER_HIGH_RISK = "all", "untested", "failed", "high_risk"

Index = QModelIndex | QPersistentModelIndex


@dataclass
class UnitRow:
    """What the tree shows about one unit."""

    unit_id: str
    name: str
    requirement: str
    weight: str
    status: str
    score: str
    open_risks: int
    tooltip: str


@dataclass
class LayerRow:
    """A layer and its units."""

    code: str
    name: str
    score: str
    units: list[UnitRow]


def unit_status(session: CaseSession | None, result: ScoreResult | None, unit_id: str) -> str:
    """The unit's status: a verdict, ``未测`` or ``待补全`` (started but not finished)."""
    if result is None:
        return UNTESTED
    score = result.unit(unit_id)
    if not score.applicable:
        return score.verdict
    if score.tested:
        return score.verdict
    state = session.unit(unit_id) if session else None
    started = state is not None and (
        any(o.d is not None for o in state.objects) or bool(state.record) or bool(state.checklist)
    )
    return INCOMPLETE if started else UNTESTED


def build_rows(session: CaseSession | None, result: ScoreResult | None) -> list[LayerRow]:
    """The tree's rows for the open case (empty without one)."""
    if session is None:
        return []
    cat = session.catalogue
    open_by_unit: dict[str, int] = {}
    if result is not None:
        for risk in result.open_high_risks:
            open_by_unit[risk.unit] = open_by_unit.get(risk.unit, 0) + 1
    layers: list[LayerRow] = []
    for layer in cat.layers:
        units = [u for u in cat.units_for_level(session.level) if u.layer == layer.code]
        if not units:
            continue
        layer_score = result.layer(layer.code).score if result else None
        rows = []
        for unit in units:
            req = unit.at_level(session.level)
            assert req is not None
            status = unit_status(session, result, unit.id)
            score = result.unit(unit.id) if result else None
            shown = "—" if score is None or score.score is None else f"{score.score:.4f}"
            if status in (UNTESTED, INCOMPLETE):
                shown = status if score is None or score.score is None or not score.applicable else f"({shown})"
            tip = f"{unit.id} {unit.name_zh}\n{cat.layer(unit.layer).name_zh} · {req.requirement} · 权重 {req.weight}"
            if score is not None and score.formula:
                tip += f"\n{score.formula}"
            rows.append(
                UnitRow(
                    unit.id, unit.name_zh, req.requirement, f"{req.weight}", status, shown,
                    open_by_unit.get(unit.id, 0), tip,
                )
            )  # fmt: skip
        layers.append(LayerRow(layer.code, layer.name_zh, "—" if layer_score is None else f"{layer_score:.4f}", rows))
    return layers


class UnitTreeModel(QAbstractItemModel):
    """Two levels: layers (top) and their units. ``UnitIdRole`` gives a unit row's id."""

    HEADERS = (
        QT_TRANSLATE_NOOP("UnitTreeModel", "层面 / 测评单元"),
        QT_TRANSLATE_NOOP("UnitTreeModel", "要求"),
        QT_TRANSLATE_NOOP("UnitTreeModel", "权重"),
        QT_TRANSLATE_NOOP("UnitTreeModel", "得分"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._layers: list[LayerRow] = []

    def refresh(self, session: CaseSession | None, result: ScoreResult | None) -> None:
        """Show the open case; keeps rows (and selection) when the structure is unchanged."""
        layers = build_rows(session, result)
        same = [(lr.code, [u.unit_id for u in lr.units]) for lr in layers] == [
            (lr.code, [u.unit_id for u in lr.units]) for lr in self._layers
        ]
        if not same:
            self.beginResetModel()
            self._layers = layers
            self.endResetModel()
            return
        old, self._layers = self._layers, layers
        # Only rows that show something new: usually one unit and its layer.
        emit_rows_changed(self, changed_rows([(x.name, x.score) for x in old], [(x.name, x.score) for x in layers]))
        for row, (before, after) in enumerate(zip(old, layers, strict=True)):
            emit_rows_changed(self, changed_rows(before.units, after.units), self.index(row, 0))

    # ------------------------------------------------------------------ structure
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Index of a layer (no parent) or a unit (parent = its layer)."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Units have their layer as parent; layers have none."""
        if not self._is_unit(index):
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Layers at the top, units below a layer."""
        if not parent.isValid():
            return len(self._layers)
        if parent.column() != 0 or self._is_unit(parent):
            return 0
        return len(self._layers[parent.row()].units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Four columns."""
        return len(self.HEADERS)

    def _is_unit(self, index: Index) -> bool:
        return index.isValid() and 1 <= int(index.internalId()) <= len(self._layers)

    def unit_row(self, index: Index) -> UnitRow | None:
        """The unit shown at ``index``, or None for a layer."""
        if not self._is_unit(index):
            return None
        units = self._layers[int(index.internalId()) - 1].units
        return units[index.row()] if 0 <= index.row() < len(units) else None

    def index_of(self, unit_id: str) -> QModelIndex:
        """The column-0 index of a unit (invalid if not shown)."""
        for row, layer in enumerate(self._layers):
            for unit_row, unit in enumerate(layer.units):
                if unit.unit_id == unit_id:
                    return self.index(unit_row, 0, self.index(row, 0))
        return QModelIndex()

    def unit_ids(self) -> list[str]:
        """All units, in display order."""
        return [u.unit_id for layer in self._layers for u in layer.units]

    # ------------------------------------------------------------------ data
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("UnitTreeModel", str(self.HEADERS[section]))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, icons, colours and roles of a layer or unit row."""
        if not index.isValid():
            return None
        unit = self.unit_row(index)
        if unit is None:
            return self._layer_data(self._layers[index.row()], index.column(), role)
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{unit.unit_id}  {unit.name}", unit.requirement, unit.weight, unit.score)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == COL_NAME:
            return status_icon(unit.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{unit.tooltip}\n状态：{unit.status}" + (
                f"\n仍为高风险：{unit.open_risks}" if unit.open_risks else ""
            )
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_SCORE:
            return COLORS.get(unit.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == UnitIdRole:
            return unit.unit_id
        if role == StatusRole:
            return unit.status
        if role == OpenRisksRole:
            return unit.open_risks
        return None

    def _layer_data(self, layer: LayerRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (layer.name, "", "", layer.score)[col]
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{layer.name}（{layer.code}）层面得分 {layer.score}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Units are selectable; layers only enabled."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.unit_row(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class UnitFilterProxy(ModeFilterProxy):
    """Shows all units, or only untested, failed (部分符合/不符合) or high-risk ones."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(FILTER_ALL, parent)
        self.setRecursiveFilteringEnabled(True)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Layers follow their units; units match the mode."""
        if self.mode == FILTER_ALL:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        status = model.data(index, StatusRole)
        if status is None:
            return False  # a layer: shown through its matching units (recursive filtering)
        if self.mode == FILTER_UNTESTED:
            return bool(status in (UNTESTED, INCOMPLETE))
        if self.mode == FILTER_FAILED:
            return bool(status in ("部分符合", "不符合"))
        return bool(model.data(index, OpenRisksRole))
