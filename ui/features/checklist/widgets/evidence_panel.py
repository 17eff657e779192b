"""The 证据 page: attached files with method, reliability class, observed D/A/K, conflicts, certificates."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.mipin.casework.session import CaseSession
from app.mipin.evidence.certs import CertificateInfo
from app.mipin.evidence.records import METHODS, EvidenceRecord
from ui.features.checklist.models.evidence_table import (
    COL_ADDED,
    COL_CLASS,
    COL_FILE,
    COL_METHOD,
    COL_NOTE,
    COL_TARGET,
    OBSERVED_COLUMNS,
    EvidenceTableModel,
    RecordRole,
)
from ui.widgets.delegates import MarkDelegate
from ui.widgets.keys import keep_alt_arrows

Index = QModelIndex | QPersistentModelIndex

TARGET_OBJECT, TARGET_OBJECT_ALL_UNITS, TARGET_UNIT = "object", "object_all", "unit"


class MethodDelegate(QStyledItemDelegate):
    """Picks the evidence method; its reliability class follows."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box of the methods, with their class."""
        combo = keep_alt_arrows(QComboBox(parent))
        for method, cls in METHODS.items():
            combo.addItem(f"{method}（{cls}类）", method)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the current method."""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write the chosen method."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class EvidencePanel(QWidget):
    """Evidence of the selected object (or unit); the owner handles the requests it emits."""

    attach_requested = Signal(str)
    delete_requested = Signal(object)
    open_requested = Signal(object)
    add_algorithms_requested = Signal(object)

    def __init__(self, model: EvidenceTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.target = QComboBox(self)
        self.target.setObjectName("evidence_target")
        bar.addWidget(QLabel(self.tr("附加到："), self))
        bar.addWidget(self.target)
        self.attach_button = QPushButton(self.tr("附加文件…"), self)
        self.attach_button.setObjectName("attach_evidence")
        self.attach_button.clicked.connect(self.on_attach_button_clicked)
        self.open_button = QPushButton(self.tr("查看副本"), self)
        self.open_button.clicked.connect(lambda: self._emit_for_current(self.open_requested))
        self.delete_button = QPushButton(self.tr("移除"), self)
        self.delete_button.clicked.connect(lambda: self._emit_for_current(self.delete_requested))
        for button in (self.attach_button, self.open_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.table = QTableView(self)
        self.table.setObjectName("evidence_table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.mark_delegate = MarkDelegate(self.table)
        for column in OBSERVED_COLUMNS:
            self.table.setItemDelegateForColumn(column, self.mark_delegate)
            self.table.setColumnWidth(column, 34)
        self.table.setItemDelegateForColumn(COL_METHOD, MethodDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_TARGET, 150),
            (COL_METHOD, 120),
            (COL_CLASS, 150),
            (COL_NOTE, 120),
            (COL_ADDED, 118),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)
        layout.addWidget(self.table, 1)
        self.conflicts_label = QLabel(self)
        self.conflicts_label.setObjectName("evidence_conflicts")
        self.conflicts_label.setWordWrap(True)
        self.conflicts_label.setStyleSheet("color: #b26a00;")
        layout.addWidget(self.conflicts_label)
        cert_row = QHBoxLayout()
        self.cert_label = QLabel(self)
        self.cert_label.setObjectName("certificate_details")
        self.cert_label.setWordWrap(True)
        self.cert_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        cert_row.addWidget(self.cert_label, 1)
        self.add_algorithms_button = QPushButton(self)
        self.add_algorithms_button.setObjectName("add_certificate_algorithms")
        self.add_algorithms_button.clicked.connect(lambda: self._emit_for_current(self.add_algorithms_requested))
        cert_row.addWidget(self.add_algorithms_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(cert_row)
        self._object: str | None = None
        self.show_certificate(None)

    def set_targets(self, unit_id: str | None, object_name: str | None) -> None:
        """Offer the selected object (in this unit or in all its units) and the unit as targets."""
        self._object = object_name
        self.target.clear()
        if unit_id is None:
            self.attach_button.setEnabled(False)
            return
        self.attach_button.setEnabled(True)
        if object_name:
            self.target.addItem(self.tr("对象“%1”（本单元）").replace("%1", object_name), TARGET_OBJECT)
            self.target.addItem(self.tr("对象“%1”（所有单元）").replace("%1", object_name), TARGET_OBJECT_ALL_UNITS)
        self.target.addItem(self.tr("测评单元 %1").replace("%1", unit_id), TARGET_UNIT)

    def target_mode(self) -> str:
        """The chosen target (object in this unit, object in all units, or the unit)."""
        return str(self.target.currentData() or TARGET_UNIT)

    def show_conflicts(self, session: CaseSession | None, unit_id: str | None, names: list[str]) -> None:
        """List evidence conflicts of the given objects."""
        lines = []
        if session is not None and unit_id is not None:
            for name in names:
                lines += [f"⚠ {name}：{c.message}" for c in session.conflicts(unit_id, name)]
        self.conflicts_label.setText("\n".join(lines))
        self.conflicts_label.setVisible(bool(lines))

    def current_record(self) -> EvidenceRecord | None:
        """The selected evidence item."""
        index = self.table.currentIndex()
        record = index.data(RecordRole) if index.isValid() else None
        return record if isinstance(record, EvidenceRecord) else None

    def _emit_for_current(self, signal: Any) -> None:
        record = self.current_record()
        if record is not None:
            signal.emit(record)

    @Slot()
    def on_attach_button_clicked(self) -> None:
        """Ask the owner to attach files to the chosen target."""
        self.attach_requested.emit(str(self.target.currentData() or TARGET_UNIT))

    @Slot(QModelIndex, QModelIndex)
    def on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the certificate details of the selected item."""
        record = current.data(RecordRole) if current.isValid() else None
        self.show_certificate(record if isinstance(record, EvidenceRecord) else None)

    def show_certificate(self, record: EvidenceRecord | None) -> None:
        """Details of a certificate item, with the offer to add its algorithms to the object."""
        data = record.details.get("certificate") if record else None
        has_record = record is not None
        self.open_button.setEnabled(has_record)
        self.delete_button.setEnabled(has_record)
        if not data:
            self.cert_label.setVisible(False)
            self.add_algorithms_button.setVisible(False)
            return
        info = CertificateInfo.from_details(data)
        now = datetime.now(UTC)
        valid = self.tr("有效") if not info.expired_at(now) else self.tr("不在有效期内")
        rows = [
            (self.tr("主题"), info.subject),
            (self.tr("颁发者"), info.issuer),
            (self.tr("有效期"), f"{info.not_before:%Y-%m-%d} 至 {info.not_after:%Y-%m-%d}（{valid}）"),
            (self.tr("公钥"), info.key_description),
            (self.tr("签名算法"), info.signature_algorithm),
            (self.tr("涉及算法"), "、".join(info.proposed_algorithms)),
        ]
        html = "".join(
            f"<tr><td style='color:#5f6670; padding-right:8px;'>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in rows
        )
        self.cert_label.setText(f"<b>{self.tr('证书')}</b><table>{html}</table>")
        self.cert_label.setVisible(True)
        self.add_algorithms_button.setText(
            self.tr("将 %1 加入对象的算法").replace("%1", "、".join(info.proposed_algorithms))
        )
        self.add_algorithms_button.setVisible(bool(record and record.object_name and info.proposed_algorithms))
