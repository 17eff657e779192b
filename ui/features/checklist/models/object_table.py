"""The selected technical unit's test objects: D/A/K, algorithms, protocols, module level, score.

Edits made in the table become :mod:`app.mipin.casework.edits` values through the controller; the
model itself never changes data. It refreshes from the controller's ``changed`` with targeted
``dataChanged`` so the current cell (and keyboard flow) survives every edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal

from app.core.errors import InputError
from app.mipin.casework.edits import CaseCommand, SetObjectField, SetObjectFields, UpdateObject
from app.mipin.casework.marks import MARK_KEYS, mark_change
from app.mipin.casework.session import CaseSession, ObjectState
from app.mipin.casework.values import normalise_mark
from app.mipin.engine import ObjectScore, ScoreResult
from app.mipin.engine.scoring import verdict_for
from app.mipin.explain import object_notes
from ui.features.checklist.models.unit_tree import FILTER_ALL, FILTER_FAILED, FILTER_HIGH_RISK, FILTER_UNTESTED
from ui.icons import COLORS, INCOMPLETE, MARK_COLORS, UNTESTED, status_icon
from ui.models.rowdiff import changed_rows, emit_rows_changed
from ui.models.table_base import HeaderedTableModel, Index, ModeFilterProxy

(
    COL_NAME,
    COL_D,
    COL_A,
    COL_K,
    COL_ALGORITHMS,
    COL_PROTOCOLS,
    COL_MODULE,
    COL_SCORE,
    COL_EVIDENCE,
) = range(9)
MARK_COLUMNS = {COL_D: "D", COL_A: "A", COL_K: "K"}
ObjectNameRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
HighRiskRole = Qt.ItemDataRole.UserRole + 4

EditFn = Callable[[CaseCommand, str], bool]


def object_status(obj: ObjectState, score: ObjectScore | None) -> str:
    """符合 / 部分符合 / 不符合 / 不适用, ``未测`` or ``待补全`` for one object."""
    if obj.d is None:
        return UNTESTED
    if obj.incomplete:
        return INCOMPLETE
    return verdict_for(score.score if score else None)


class ObjectTableModel(HeaderedTableModel):
    """Rows are the objects of one unit, in unit order.

    Args:
        edit: Applies an edit (the controller's ``edit``); returns False when refused.
        parent: Owner.
    """

    HEADERS = (
        QT_TRANSLATE_NOOP("ObjectTableModel", "测评对象"),
        "D",
        "A",
        "K",
        QT_TRANSLATE_NOOP("ObjectTableModel", "密码算法"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "密码协议"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "模块等级"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "得分"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "证据"),
    )
    TOOLTIPS = (
        "",
        QT_TRANSLATE_NOOP("ObjectTableModel", "D 密码使用有效性：1 = √，2 = ×，3 = /"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "A 密码算法/技术合规性：1 = √，2 = ×，3 = /"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "K 密钥管理安全：1 = √，2 = ×，3 = /"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "逗号分隔，输入时自动补全目录中的算法名称"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "逗号分隔，输入时自动补全目录中的协议名称"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "GB/T 37092 密码模块安全等级（1–4）"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "测评对象得分 S(i,j,k)；点击查看计算过程"),
        QT_TRANSLATE_NOOP("ObjectTableModel", "证据条数；⚠ 表示证据相互矛盾"),
    )

    refused = Signal(str)

    def __init__(self, edit: EditFn, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self.unit_id: str | None = None
        self._objects: list[ObjectState] = []
        self._scores: dict[str, ObjectScore] = {}
        self._evidence: dict[str, tuple[int, int]] = {}
        self._risky: set[str] = set()
        self._signatures: list[object] = []

    def refresh(self, session: CaseSession | None, result: ScoreResult | None, unit_id: str | None) -> list[int] | None:
        """Show ``unit_id`` of the open case.

        Returns:
            The rows whose content changed, or None when the model was reset (other rows).
        """
        state = session.unit(unit_id) if session and unit_id else None
        objects = list(state.objects) if state else []
        scores: dict[str, ObjectScore] = {}
        risky: set[str] = set()
        if result is not None and unit_id is not None:
            scores = {o.name: o for o in result.unit(unit_id).objects}
            risky = {r.object for r in result.open_high_risks if r.unit == unit_id and r.object}
        evidence: dict[str, tuple[int, int]] = {}
        if session is not None and unit_id is not None:
            for obj in objects:
                evidence[obj.name] = (
                    len(session.evidence_for(unit_id, obj.name)),
                    len(session.conflicts(unit_id, obj.name)),
                )
        signatures: list[object] = [
            (astuple(o), scores.get(o.name), evidence.get(o.name), o.name in risky) for o in objects
        ]
        same = unit_id == self.unit_id and [o.name for o in objects] == [o.name for o in self._objects]
        if not same:
            self.beginResetModel()
        self.unit_id = unit_id
        self._objects, self._scores, self._evidence, self._risky = objects, scores, evidence, risky
        old, self._signatures = self._signatures, signatures
        if not same:
            self.endResetModel()
            return None
        rows = changed_rows(old, signatures)
        emit_rows_changed(self, rows)
        return rows

    def object_at(self, row: int) -> ObjectState | None:
        """The object of a row."""
        return self._objects[row] if 0 <= row < len(self._objects) else None

    def row_of(self, name: str) -> int:
        """The row of an object, or -1."""
        return next((i for i, o in enumerate(self._objects) if o.name == name), -1)

    # ------------------------------------------------------------------ Qt model API
    def row_items(self) -> list[Any]:
        """The rows."""
        return self._objects

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles and their tooltips."""
        tooltip = role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self.TOOLTIPS)
        if orientation == Qt.Orientation.Horizontal and tooltip:
            return QCoreApplication.translate("ObjectTableModel", str(self.TOOLTIPS[section])) or None
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Everything but the score and evidence count can be edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_SCORE, COL_EVIDENCE):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell texts, colours, icons, tooltips and the custom roles."""
        obj = self.object_at(index.row()) if index.isValid() else None
        if obj is None:
            return None
        col = index.column()
        score = self._scores.get(obj.name)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(obj, score, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.DecorationRole:
            if col == COL_NAME:
                return status_icon(object_status(obj, score))
            if col == COL_EVIDENCE and self._evidence.get(obj.name, (0, 0))[1]:
                return status_icon("warning")
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col in MARK_COLUMNS:
                return MARK_COLORS.get(getattr(obj, MARK_COLUMNS[col].lower()) or "")
            if col == COL_SCORE:
                return COLORS.get(object_status(obj, score))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_NAME and col not in (COL_ALGORITHMS, COL_PROTOCOLS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(obj, score, col)
        if role == ObjectNameRole:
            return obj.name
        if role == StatusRole:
            return object_status(obj, score)
        if role == HighRiskRole:
            return obj.name in self._risky
        if role == SortRole:
            return float(score.score) if col == COL_SCORE and score and score.score is not None else -1.0
        return None

    def _text(self, obj: ObjectState, score: ObjectScore | None, col: int, edit: bool) -> Any:
        if col == COL_NAME:
            return obj.name
        if col in MARK_COLUMNS:
            return getattr(obj, MARK_COLUMNS[col].lower()) or ""
        if col == COL_ALGORITHMS:
            return ", ".join(obj.algorithms) if edit else "、".join(obj.algorithms)
        if col == COL_PROTOCOLS:
            return ", ".join(obj.protocols) if edit else "、".join(obj.protocols)
        if col == COL_MODULE:
            return "" if obj.module_level is None else (obj.module_level if edit else f"{obj.module_level} 级")
        if col == COL_SCORE:
            status = object_status(obj, score)
            if status in (UNTESTED, INCOMPLETE):
                return status
            if score is None or score.score is None:
                return "—"
            return f"{score.score:.4f}" + ("*" if score.score != score.raw else "")
        if col == COL_EVIDENCE:
            count = self._evidence.get(obj.name, (0, 0))[0]
            return str(count) if count else ""
        return None

    def _tooltip(self, obj: ObjectState, score: ObjectScore | None, col: int) -> str | None:
        if col == COL_SCORE and score is not None:
            text = score.formula
            if score.compensation_formula:
                text += "\n" + score.compensation_formula
            text += "".join(f"\n注：{note}" for note in object_notes(score))
            if obj.incomplete:
                text = QCoreApplication.translate("ObjectTableModel", "D=√ 时须给出 A 和 K，补全前按未测计")
            return text
        if col == COL_NAME:
            return f"{obj.name}\n{obj.record}" if obj.record else obj.name
        if col == COL_EVIDENCE and self._evidence.get(obj.name, (0, 0))[1]:
            return QCoreApplication.translate("ObjectTableModel", "该对象的证据相互矛盾或与录入结果不一致，见“证据”页")
        return QCoreApplication.translate("ObjectTableModel", str(self.TOOLTIPS[col])) or None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Turn a cell edit into an edit of the case (validated; refused edits return False)."""
        obj = self.object_at(index.row()) if index.isValid() else None
        if obj is None or role != Qt.ItemDataRole.EditRole or self.unit_id is None:
            return False
        unit, col = self.unit_id, index.column()
        try:
            op, text = self._op(unit, obj, col, value)
        except InputError as exc:
            self.refused.emit(exc.user_message())
            return False
        if op is None:
            return False
        return self._edit(op, text)

    def _op(self, unit: str, obj: ObjectState, col: int, value: Any) -> tuple[CaseCommand | None, str]:
        label = f"{unit} {obj.name}"
        if col == COL_NAME:
            name = str(value).strip()
            if not name or name == obj.name:
                return None, ""
            return UpdateObject(obj.name, new_name=name), f"重命名 {obj.name} → {name}"
        if col in MARK_COLUMNS:
            indicator = MARK_COLUMNS[col]
            mark = normalise_mark(MARK_KEYS.get(str(value), value), indicator)
            if mark == getattr(obj, indicator.lower()):
                return None, ""
            changes = mark_change(obj, indicator, mark)
            shown = " ".join(f"{k}={v or '空'}" for k, v in changes.items())
            return SetObjectFields(unit, obj.name, changes), f"{label}：{shown}"
        field = {COL_ALGORITHMS: "algorithms", COL_PROTOCOLS: "protocols", COL_MODULE: "module_level"}[col]
        current = self._text(obj, None, col, True)
        if str(value if value is not None else "") == str(current):
            return None, ""
        return SetObjectField(
            unit, obj.name, field, value
        ), f"{label}：{QCoreApplication.translate('ObjectTableModel', str(self.HEADERS[col]))}"


class ObjectFilterProxy(ModeFilterProxy):
    """Filters the objects like the tree: untested, failed (score < 1) or with open high risk."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(FILTER_ALL, parent)
        self.setSortRole(SortRole)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Rows matching the mode."""
        if self.mode == FILTER_ALL:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        status = index.data(StatusRole)
        if self.mode == FILTER_UNTESTED:
            return bool(status in (UNTESTED, INCOMPLETE))
        if self.mode == FILTER_FAILED:
            return bool(status in ("部分符合", "不符合"))
        if self.mode == FILTER_HIGH_RISK:
            return bool(index.data(HighRiskRole))
        return True
