"""Add test objects to a unit: pick defined ones (usual types first) or define a new one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.mipin.casework.session import CaseSession
from app.mipin.objecttypes import all_object_types, object_types


class AddObjectDialog(QDialog):
    """Choose defined objects not yet in the unit, and/or define a new one with a usual type.

    After ``exec()``: :attr:`chosen` (existing names) and :meth:`new_object` (name, type).
    """

    def __init__(self, session: CaseSession, unit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add_object_dialog")
        cat = session.catalogue
        unit = cat.unit(unit_id)
        self.setWindowTitle(self.tr("添加测评对象 — %1 %2").replace("%1", unit_id).replace("%2", unit.name_zh))
        self.resize(620, 520)
        usual = object_types(cat, unit_id)
        state = session.unit(unit_id)
        present = {o.name for o in state.objects} if state else set()
        candidates = [o for o in session.objects if o.name not in present]
        candidates.sort(key=lambda o: (o.kind not in usual, session.objects.index(o)))
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("本单元常见测评对象：") + "；".join(usual), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6670;")
        layout.addWidget(hint)
        existing = QGroupBox(self.tr("已定义的测评对象（可多选；★ 为本单元常见类型）"), self)
        ex_layout = QVBoxLayout(existing)
        self.names = [o.name for o in candidates]
        labels = [
            ("★ " if o.kind in usual else "　") + o.name + (f"（{o.kind}）" if o.kind else "") for o in candidates
        ]
        self.list = QListView(existing)
        self.list.setObjectName("existing_objects")
        self.list.setModel(QStringListModel(labels, self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        ex_layout.addWidget(self.list)
        layout.addWidget(existing, 1)
        new = QGroupBox(self.tr("新建测评对象"), self)
        form = QFormLayout(new)
        self.name_edit = QLineEdit(new)
        self.name_edit.setObjectName("new_object_name")
        self.name_edit.setPlaceholderText(self.tr("例如：互联网边界 SSL VPN、数据库服务器"))
        self.kind_combo = QComboBox(new)
        self.kind_combo.setObjectName("new_object_kind")
        self.kind_combo.setEditable(True)
        kinds = usual + [k for k in all_object_types(cat, session.level) if k not in usual]
        self.kind_combo.addItems([k for k in kinds if not k.startswith(("同", "上述设备"))])
        self.kind_combo.setMinimumContentsLength(30)
        form.addRow(self.tr("名称"), self.name_edit)
        form.addRow(self.tr("类型"), self.kind_combo)
        layout.addWidget(new)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.list if candidates else self.name_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def chosen(self) -> list[str]:
        """Names of the selected defined objects."""
        return [self.names[i.row()] for i in sorted(self.list.selectionModel().selectedRows(), key=lambda i: i.row())]

    def new_object(self) -> tuple[str, str] | None:
        """The new object's name and type, if a name was given."""
        name = self.name_edit.text().strip()
        return (name, self.kind_combo.currentText().strip()) if name else None
