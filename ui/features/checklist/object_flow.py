"""Test-object workflows: add to a unit, remove from it, define, delete, and the object matrix."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from app.mipin.casework.edits import AssignObject, Batch, CaseCommand, DefineObject, DeleteObject, UnassignObject
from ui.casework.controller import CaseController
from ui.features.checklist.dialogs.add_object import AddObjectDialog
from ui.features.checklist.dialogs.objects import ObjectsDialog
from ui.features.checklist.models.object_matrix import ObjectMatrixModel


class ObjectActions(QObject):
    """Object dialogs of the 测评检查表; every change is an undoable edit through the controller."""

    object_added = Signal(str)

    def __init__(self, controller: CaseController, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.controller = controller
        self.parent_widget = parent_widget
        self.matrix = ObjectMatrixModel(controller.edit, self)
        controller.changed.connect(self.on_controller_changed)
        controller.case_loaded.connect(self.on_controller_changed)
        self.dialog: ObjectsDialog | None = None

    @Slot()
    def on_controller_changed(self) -> None:
        """Keep the matrix current while the dialog shows it (:meth:`manage` refreshes it first)."""
        if self.dialog is not None:
            self.matrix.refresh(self.controller.session)

    def add_to_unit(self, unit_id: str) -> None:
        """Pick defined objects or define a new one, and assign them to ``unit_id`` (one undo step)."""
        session = self.controller.session
        if session is None:
            return
        dialog = AddObjectDialog(session, unit_id, self.parent_widget)
        if dialog.exec() != AddObjectDialog.DialogCode.Accepted:
            return
        ops: list[CaseCommand] = [AssignObject(unit_id, name) for name in dialog.chosen]
        new = dialog.new_object()
        if new is not None:
            ops = [DefineObject(new[0], new[1]), AssignObject(unit_id, new[0]), *ops]
        if not ops:
            return
        names = ([new[0]] if new else []) + dialog.chosen
        if self.controller.edit(
            Batch(tuple(ops)), self.tr("添加测评对象到 %1：%2").replace("%1", unit_id).replace("%2", "、".join(names))
        ):
            self.object_added.emit(names[0])

    def remove_from_unit(self, unit_id: str, name: str) -> None:
        """Take an object out of a unit (its results there go; undo brings them back)."""
        self.controller.edit(
            UnassignObject(unit_id, name), self.tr("将 %1 移出 %2").replace("%1", name).replace("%2", unit_id)
        )

    def manage(self) -> None:
        """Show the object × unit matrix."""
        self.matrix.refresh(self.controller.session)
        dialog = ObjectsDialog(self.matrix, self.parent_widget)
        dialog.define_requested.connect(self.on_dialog_define_requested)
        dialog.delete_requested.connect(self.on_dialog_delete_requested)
        self.dialog = dialog
        dialog.exec()
        self.dialog = None

    @Slot()
    def on_dialog_define_requested(self) -> None:
        """Define a new object by name."""
        name, ok = QInputDialog.getText(
            self.dialog or self.parent_widget,
            self.tr("新建测评对象"),
            self.tr("测评对象名称："),
            QLineEdit.EchoMode.Normal,
        )
        if ok and name.strip():
            self.controller.edit(DefineObject(name.strip(), ""), self.tr("新建测评对象 %1").replace("%1", name.strip()))

    @Slot(str)
    def on_dialog_delete_requested(self, name: str) -> None:
        """Delete an object everywhere after confirmation (undoable)."""
        session = self.controller.session
        units = session.units_of(name) if session else []
        if units:
            answer = QMessageBox.question(
                self.dialog or self.parent_widget,
                self.tr("删除测评对象"),
                self.tr("“%1”在 %2 中有测评结果，删除后一并移除（可撤销）。继续？")
                .replace("%1", name)
                .replace("%2", "、".join(units)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.controller.edit(DeleteObject(name), self.tr("删除测评对象 %1").replace("%1", name))
