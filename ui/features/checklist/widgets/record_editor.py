"""The 结果记录 editor: the text of the unit or of one of its objects, saved as it is typed.

Typing is committed after a short pause, when the editor loses focus, and before the record
shown changes, as one ``edit_requested`` per burst (consecutive bursts merge into one undo step).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.mipin.casework.edits import CaseCommand, SetObjectField, SetUnitRecord
from app.mipin.casework.session import CaseSession

_PAUSE_MS = 600


class _TextEdit(QPlainTextEdit):
    """A plain text edit that reports losing focus."""

    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Commit pending text when focus leaves."""
        self.focus_lost.emit()
        super().focusOutEvent(event)


class RecordEditor(QWidget):
    """Edits the record of the unit (``target`` None) or of one of its objects."""

    edit_requested = Signal(object, str, str)
    target_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit_id: str | None = None
        self.target: str | None = None
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("结果记录："), self))
        self.scope = QComboBox(self)
        self.scope.setObjectName("record_scope")
        self.scope.setMinimumContentsLength(16)
        self.scope.activated.connect(self.on_scope_activated)
        top.addWidget(self.scope, 1)
        self.saved_label = QLabel(self)
        self.saved_label.setStyleSheet("color: #8a8f98;")
        top.addWidget(self.saved_label)
        layout.addLayout(top)
        self.text = _TextEdit(self)
        self.text.setObjectName("record_text")
        self.text.setPlaceholderText(self.tr("记录访谈、文档审查、配置核查或工具测试的结果……（自动保存）"))
        self.text.textChanged.connect(self.on_text_changed)
        self.text.focus_lost.connect(self.flush)
        layout.addWidget(self.text)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(_PAUSE_MS)
        self.timer.timeout.connect(self.flush)

    def show_unit(
        self, session: CaseSession | None, unit_id: str | None, objects: list[str], target: str | None
    ) -> None:
        """Show the record of ``target`` (an object name or None for the unit) of ``unit_id``."""
        self.flush()
        self.unit_id = unit_id
        self._list_objects(objects)
        self.set_target(session, target if target in objects else None)

    def _list_objects(self, objects: list[str]) -> None:
        """Offer the unit's record and each of ``objects`` in the selector (keeps the choice)."""
        listed = [str(self.scope.itemData(i) or "") for i in range(1, self.scope.count())]
        if self.scope.count() and listed == objects:
            return
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("（本测评单元）"), "")
        for name in objects:
            self.scope.addItem(self.tr("对象：%1").replace("%1", name), name)
        self.scope.setCurrentIndex(max(0, self.scope.findData(self.target or "")))
        self.scope.blockSignals(False)

    def set_target(self, session: CaseSession | None, target: str | None) -> None:
        """Switch between the unit's record and an object's record."""
        self.flush()
        self.target = target
        self.scope.setCurrentIndex(max(0, self.scope.findData(target or "")))
        self.refresh(session, force=True)

    def refresh(self, session: CaseSession | None, force: bool = False) -> None:
        """List the unit's objects as they are now; show the stored text unless the assessor is typing."""
        unit = session.unit(self.unit_id) if session is not None and self.unit_id else None
        objects = [o.name for o in unit.objects] if unit else []
        if self.target is not None and self.target not in objects:  # taken out (text was committed on focus-out)
            self.target = None
            force = True
        self._list_objects(objects)
        if self._dirty and not force:
            return
        value = self._stored(session)
        self.text.setEnabled(session is not None and self.unit_id is not None)
        if value != self.text.toPlainText():
            self.text.blockSignals(True)
            self.text.setPlainText(value)
            self.text.moveCursor(QTextCursor.MoveOperation.End)  # records are usually extended
            self.text.blockSignals(False)
        self._dirty = False

    def _stored(self, session: CaseSession | None) -> str:
        if session is None or self.unit_id is None:
            return ""
        unit = session.unit(self.unit_id)
        if unit is None:
            return ""
        if self.target is None:
            return unit.record
        obj = unit.object(self.target)
        return obj.record if obj else ""

    @Slot()
    def on_text_changed(self) -> None:
        """Remember the change and commit it after a pause."""
        self._dirty = True
        self.saved_label.setText(self.tr("正在输入…"))
        self.timer.start()

    @Slot(int)
    def on_scope_activated(self, index: int) -> None:
        """Ask the owner to show another record (the owner calls :meth:`set_target`)."""
        self.target_changed.emit(str(self.scope.itemData(index) or ""))

    @Slot()
    def flush(self) -> None:
        """Commit typed text now."""
        self.timer.stop()
        if not self._dirty or self.unit_id is None:
            return
        self._dirty = False
        text = self.text.toPlainText()
        if self.target is None:
            op: CaseCommand = SetUnitRecord(self.unit_id, text)
            where = self.unit_id
        else:
            op = SetObjectField(self.unit_id, self.target, "record", text)
            where = f"{self.unit_id} {self.target}"
        self.edit_requested.emit(op, self.tr("编辑结果记录（%1）").replace("%1", where), f"record:{where}")
        self.saved_label.setText(self.tr("已保存"))
