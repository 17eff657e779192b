"""The Settings dialog, generated from the typed settings registry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import Setting, SettingsRegistry
from ui.i18n import LANGUAGES

# The labels are declared in app.core.settings (no Qt there); listed here so lupdate extracts them.
SETTING_LABELS = (
    QT_TRANSLATE_NOOP("Settings", "界面语言"),
    QT_TRANSLATE_NOOP("Settings", "默认测评机构名称"),
    QT_TRANSLATE_NOOP("Settings", "量化评估阈值（基本符合的最低分）"),
    QT_TRANSLATE_NOOP("Settings", "报告份数（一式N份）"),
    QT_TRANSLATE_NOOP("Settings", "自动备份间隔（分钟）"),
    QT_TRANSLATE_NOOP("Settings", "保留最近备份数"),
    QT_TRANSLATE_NOOP("Settings", "按天保留备份天数"),
    QT_TRANSLATE_NOOP("Settings", "证据文件超过此大小（MB）时确认"),
    QT_TRANSLATE_NOOP("Settings", "删除前确认"),
)


class SettingsDialog(QDialog):
    """One editor per declared setting; OK validates and saves all of them together."""

    def __init__(self, settings: SettingsRegistry, keyring_note: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.settings = settings
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for setting in settings.declared:
            editor = self._editor_for(setting, settings.get(setting.key))
            editor.setObjectName(f"setting_{setting.key}")
            self.editors[setting.key] = editor
            form.addRow(QCoreApplication.translate("Settings", setting.label), editor)
        layout.addLayout(form)
        if keyring_note:
            note = QLabel(keyring_note, self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #a94442;")
            layout.addWidget(note)
        self.language_note = QLabel(self.tr("界面语言在重新启动后生效。"), self)
        layout.addWidget(self.language_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _editor_for(self, setting: Setting, value: Any) -> QWidget:
        if setting.type is bool:
            box = QCheckBox(self)
            box.setChecked(bool(value))
            return box
        if setting.type is int:
            spin = QSpinBox(self)
            spin.setRange(int(setting.minimum or 0), int(setting.maximum or 1_000_000))
            spin.setValue(int(value))
            return spin
        if setting.type is float:
            dspin = QDoubleSpinBox(self)
            dspin.setRange(float(setting.minimum or 0), float(setting.maximum or 1e9))
            dspin.setValue(float(value))
            return dspin
        if setting.choices:
            combo = QComboBox(self)
            for choice in setting.choices:
                combo.addItem(LANGUAGES.get(choice, choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        line = QLineEdit(str(value), self)
        return line

    def values(self) -> dict[str, Any]:
        """The values currently in the editors."""
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                out[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                out[key] = editor.value()
            elif isinstance(editor, QComboBox):
                out[key] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                out[key] = editor.text()
        return out

    def on_buttons_accepted(self) -> None:
        """Validate and save everything, or say which value is wrong and keep the dialog open."""
        try:
            self.settings.update(self.values())
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("设置无效"), str(exc))
            return
        self.accept()
