"""Decide a high-risk candidate (reason required; mitigations from the guide) or add a manual one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.mipin.casework.session import CaseSession
from app.mipin.engine import HighRisk


def _buttons_needing(reason: QPlainTextEdit, dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel for ``dialog``; OK is enabled only while ``reason`` holds text."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)

    def update() -> None:
        ok.setEnabled(bool(reason.toPlainText().strip()))

    reason.textChanged.connect(update)
    update()
    return buttons


def _decision_text(risk: HighRisk) -> str:
    names = {
        "confirmed": QCoreApplication.translate("RiskDecisionDialog", "确认为高风险"),
        "mitigated": QCoreApplication.translate("RiskDecisionDialog", "已有缓解措施"),
        "dismissed": QCoreApplication.translate("RiskDecisionDialog", "排除"),
        "added": QCoreApplication.translate("RiskDecisionDialog", "人工添加"),
    }
    return names.get(risk.decision or "", risk.decision or "")


class RiskDecisionDialog(QDialog):
    """Confirm, mitigate or dismiss one candidate; OK needs a reason.

    Args:
        risk: The candidate.
        decision: ``confirmed``, ``mitigated`` or ``dismissed``.
        parent: Parent widget.
    """

    def __init__(self, risk: HighRisk, decision: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risk_decision_dialog")
        self.decision = decision
        titles = {
            "confirmed": self.tr("确认为高风险"),
            "mitigated": self.tr("已有缓解措施"),
            "dismissed": self.tr("排除"),
        }
        self.setWindowTitle(f"{titles[decision]} — {risk.item} {risk.unit} {risk.object or ''}".strip())
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        guide = QLabel(
            f"<b>{risk.item} {risk.title}</b><br>{risk.guide}<br><i>{self.tr('触发：')}{risk.condition}</i>", self
        )
        guide.setWordWrap(True)
        guide.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(guide)
        form = QFormLayout()
        self.mitigation = QComboBox(self)
        self.mitigation.setObjectName("mitigation")
        self.mitigation.setEditable(True)
        self.mitigation.addItems(list(risk.mitigations))
        self.mitigation.setMinimumContentsLength(40)
        if risk.mitigation:
            self.mitigation.setCurrentText(risk.mitigation)
        if decision == "mitigated":
            form.addRow(self.tr("缓解措施（指引）"), self.mitigation)
        else:
            self.mitigation.hide()
        # A new decision starts with an empty reason; the previous one is shown beside it, read-only
        # (gluing the new text onto the old one put both into the table and the Excel file).
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("必填：说明判定依据（现场核查情况、证据等），将写入报告"))
        self.previous_reason: QPlainTextEdit | None = None
        if risk.decision and risk.reason:
            reasons = QHBoxLayout()
            reasons.addWidget(self.reason, 1)
            previous = QVBoxLayout()
            previous.addWidget(
                QLabel(self.tr("此前的判定（%1）理由，只读：").replace("%1", _decision_text(risk)), self)
            )
            self.previous_reason = QPlainTextEdit(risk.reason, self)
            self.previous_reason.setObjectName("previous_reason")
            self.previous_reason.setReadOnly(True)
            self.previous_reason.setStyleSheet("QPlainTextEdit { background: #f3f4f6; color: #5f6670; }")
            previous.addWidget(self.previous_reason, 1)
            reasons.addLayout(previous, 1)
            form.addRow(self.tr("理由 *"), reasons)
            self.resize(860, 440)
        else:
            form.addRow(self.tr("理由 *"), self.reason)
        layout.addLayout(form)
        self.buttons = _buttons_needing(self.reason, self)
        layout.addWidget(self.buttons)

    def values(self) -> tuple[str, str]:
        """(reason, mitigation)."""
        mitigation = self.mitigation.currentText().strip() if self.decision == "mitigated" else ""
        return self.reason.toPlainText().strip(), mitigation


class AddRiskDialog(QDialog):
    """Add a manual high risk: guide item, unit, optional object, reason."""

    def __init__(self, session: CaseSession, unit_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add_risk_dialog")
        self.setWindowTitle(self.tr("添加高风险项"))
        self.resize(620, 380)
        self.session = session
        cat = session.catalogue
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.item = QComboBox(self)
        self.item.setObjectName("risk_item")
        for item in cat.high_risk_items:
            if item.from_level <= session.level:
                self.item.addItem(f"{item.item} {item.title}", item.item)
        self.unit = QComboBox(self)
        self.unit.setObjectName("risk_unit")
        for unit in cat.units_for_level(session.level):
            self.unit.addItem(f"{unit.id} {unit.name_zh}", unit.id)
        self.object = QComboBox(self)
        self.object.setObjectName("risk_object")
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("risk_reason")
        self.reason.setPlaceholderText(self.tr("必填：发现的问题及判为高风险的依据"))
        form.addRow(self.tr("指引条目"), self.item)
        form.addRow(self.tr("测评单元"), self.unit)
        form.addRow(self.tr("测评对象"), self.object)
        form.addRow(self.tr("理由 *"), self.reason)
        layout.addLayout(form)
        self.buttons = _buttons_needing(self.reason, self)
        layout.addWidget(self.buttons)
        self.item.currentIndexChanged.connect(self.on_item_changed)
        self.unit.currentIndexChanged.connect(self.on_unit_changed)
        if unit_id is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        self.on_item_changed()
        self.on_unit_changed()

    @Slot()
    def on_item_changed(self) -> None:
        """An item tied to a unit selects that unit."""
        item = self.session.catalogue.find_high_risk_item(str(self.item.currentData()))
        if item is not None and item.unit:
            self.unit.setCurrentIndex(max(0, self.unit.findData(item.unit)))

    @Slot()
    def on_unit_changed(self) -> None:
        """Offer the unit's objects (or the whole unit)."""
        self.object.clear()
        self.object.addItem(self.tr("（整个测评单元）"), "")
        state = self.session.unit(str(self.unit.currentData()))
        for obj in state.objects if state else []:
            self.object.addItem(obj.name, obj.name)

    def values(self) -> tuple[str, str, str | None, str]:
        """(item, unit, object or None, reason)."""
        obj = str(self.object.currentData() or "") or None
        return str(self.item.currentData()), str(self.unit.currentData()), obj, self.reason.toPlainText().strip()
