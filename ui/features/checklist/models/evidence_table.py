"""Evidence of the selected object or unit: file, method, reliability class, observed D/A/K."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal

from app.core.errors import InputError
from app.mipin.casework.edits import CaseCommand, UpdateEvidence
from app.mipin.casework.marks import MARK_KEYS
from app.mipin.casework.session import CaseSession
from app.mipin.casework.values import normalise_mark
from app.mipin.evidence.records import KINDS, RELIABILITY_NAMES, EvidenceRecord
from ui.icons import MARK_COLORS, status_icon
from ui.models.rowdiff import changed_rows, emit_rows_changed
from ui.models.table_base import HeaderedTableModel, Index

(
    COL_FILE,
    COL_TARGET,
    COL_METHOD,
    COL_CLASS,
    COL_OBS_D,
    COL_OBS_A,
    COL_OBS_K,
    COL_NOTE,
    COL_ADDED,
) = range(9)
OBSERVED_COLUMNS = {COL_OBS_D: "D", COL_OBS_A: "A", COL_OBS_K: "K"}
RecordRole = Qt.ItemDataRole.UserRole + 1

EditFn = Callable[[CaseCommand, str], bool]


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)  # pragma: no cover


class EvidenceTableModel(HeaderedTableModel):
    """Rows are evidence items; method, observed marks and note are editable.

    Args:
        edit: Applies an edit (the controller's ``edit``).
        parent: Owner.
    """

    refused = Signal(str)

    HEADERS = (
        QT_TRANSLATE_NOOP("EvidenceTableModel", "文件"),
        QT_TRANSLATE_NOOP("EvidenceTableModel", "附加到"),
        QT_TRANSLATE_NOOP("EvidenceTableModel", "取证方式"),
        QT_TRANSLATE_NOOP("EvidenceTableModel", "可靠性"),
        "D",
        "A",
        "K",
        QT_TRANSLATE_NOOP("EvidenceTableModel", "说明"),
        QT_TRANSLATE_NOOP("EvidenceTableModel", "附加时间"),
    )

    def __init__(self, edit: EditFn, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._rows: list[EvidenceRecord] = []
        self._winners: dict[tuple[str, str | None, str | None], set[str]] = {}

    def refresh(self, session: CaseSession | None, unit_id: str | None, object_name: str | None) -> None:
        """Show the evidence of ``object_name`` in ``unit_id`` (or all evidence of the unit)."""
        rows: list[EvidenceRecord] = []
        winners: dict[tuple[str, str | None, str | None], set[str]] = {}
        if session is not None and unit_id is not None:
            if object_name is None:
                state = session.unit(unit_id)
                names = {o.name for o in state.objects} if state else set()
                rows = [
                    e
                    for e in session.evidence
                    if e.unit_id == unit_id or (e.unit_id is None and e.object_name in names)
                ]
            else:
                rows = session.evidence_for(unit_id, object_name)
            for name in {e.object_name for e in rows if e.object_name}:
                for conflict in session.conflicts(unit_id, name):
                    for item in rows:
                        observed = item.observed.get(conflict.indicator)
                        if item.object_name == name and observed and observed != conflict.winner:
                            winners.setdefault(item.key, set()).add(conflict.indicator)
        same = [r.key for r in rows] == [r.key for r in self._rows]
        if not same:
            self.beginResetModel()
        old = [(r, sorted(self._winners.get(r.key, ()))) for r in self._rows]
        self._rows, self._winners = rows, winners
        if not same:
            self.endResetModel()
        else:
            emit_rows_changed(self, changed_rows(old, [(r, sorted(winners.get(r.key, ()))) for r in rows]))

    def record_at(self, row: int) -> EvidenceRecord | None:
        """The item of a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_items(self) -> list[Any]:
        """The rows."""
        return self._rows

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; the D/A/K columns explain their marks."""
        tooltip = role == Qt.ItemDataRole.ToolTipRole and section in OBSERVED_COLUMNS
        if orientation == Qt.Orientation.Horizontal and tooltip:
            return QCoreApplication.translate(
                "EvidenceTableModel", "该证据显示的 %1 结果（1 = √，2 = ×，3 = /）"
            ).replace("%1", OBSERVED_COLUMNS[section])
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Method, observed marks and note are editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_METHOD, COL_NOTE, *OBSERVED_COLUMNS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, icons and the record itself (``RecordRole``)."""
        record = self.record_at(index.row()) if index.isValid() else None
        if record is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(record, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_FILE:
            kind = KINDS.get(record.kind, record.kind)
            return f"{record.original_name}\n{kind} · {_size(record.size)}\nSHA-256 {record.sha256}"
        in_conflict = col in OBSERVED_COLUMNS and OBSERVED_COLUMNS[col] in self._winners.get(record.key, set())
        if role == Qt.ItemDataRole.DecorationRole and in_conflict:
            return status_icon("warning")
        if role == Qt.ItemDataRole.ForegroundRole and col in OBSERVED_COLUMNS:
            return MARK_COLORS.get(record.observed.get(OBSERVED_COLUMNS[col], ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_CLASS, *OBSERVED_COLUMNS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == RecordRole:
            return record
        return None

    @staticmethod
    def _text(record: EvidenceRecord, col: int) -> str | None:
        """The text of one cell."""
        if col == COL_FILE:
            return record.original_name
        if col == COL_TARGET:
            if record.object_name is None:
                return QCoreApplication.translate("EvidenceTableModel", "本测评单元")
            scope = record.unit_id or QCoreApplication.translate("EvidenceTableModel", "所有单元")
            return f"{record.object_name}（{scope}）"
        if col == COL_METHOD:
            return record.method
        if col == COL_CLASS:
            return RELIABILITY_NAMES.get(record.reliability, str(record.reliability))
        if col in OBSERVED_COLUMNS:
            return record.observed.get(OBSERVED_COLUMNS[col], "")
        if col == COL_NOTE:
            return record.note
        if col == COL_ADDED:
            return f"{record.added_at:%Y-%m-%d %H:%M}" if record.added_at else ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change the method, an observed mark or the note (undoable)."""
        record = self.record_at(index.row()) if index.isValid() else None
        if record is None or role != Qt.ItemDataRole.EditRole:
            return False
        col = index.column()
        try:
            if col == COL_METHOD:
                values: dict[str, Any] = {"method": str(value)}
            elif col == COL_NOTE:
                values = {"note": str(value or "")}
            elif col in OBSERVED_COLUMNS:
                indicator = OBSERVED_COLUMNS[col]
                observed = dict(record.observed)
                observed[indicator] = normalise_mark(MARK_KEYS.get(str(value), value), indicator) or ""
                values = {"observed": observed}
            else:
                return False
        except InputError as exc:
            self.refused.emit(exc.user_message())
            return False
        current = {"method": record.method, "note": record.note, "observed": record.observed}
        if all(
            current.get(k) == ({x: y for x, y in v.items() if y} if k == "observed" else v) for k, v in values.items()
        ):
            return False
        text = QCoreApplication.translate("EvidenceTableModel", "修改证据 %1").replace("%1", record.original_name)
        return self._edit(UpdateEvidence(*record.key, values), text)
