"""The 设置 dialog: the general page (the typed settings registry) and one page per feature.

The pages are listed on the left, like the preference dialogs of Picard and qutebrowser; the
host builds them (``ui.host.window.MainWindow.open_settings``), the general page first, then the
pages the features added (``host.add_settings_page``) in the order of the feature list.

确定 / 应用 / 取消:

- 确定 and 应用 validate every modified page first; the first invalid page is shown with its
  message under the list and nothing is written. Then the modified pages are saved one after the
  other (each page's save is its own transaction; a feature page goes through its feature's
  audited write path). A failed save shows that page and its error and stops there — the pages
  saved before it stay saved, the dialog stays open with the rest of the edits. 确定 closes the
  dialog once every page is saved; 应用 keeps it open.
- 取消 (or Esc, or closing the window) drops the edits that are not saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import WorkbenchError
from app.core.settings import Setting, SettingsRegistry
from ui.crash import handle_error
from ui.dialogs.settings_page import SaveDone, SettingsPage
from ui.i18n import LANGUAGES

GENERAL_PAGE = "general"
"""The id of the host's own page (the typed settings registry)."""

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

EXPECTED = (WorkbenchError, ValueError, OSError)
"""Errors a page reports as a message on the page; anything else is a bug (the crash dialog)."""


def error_text(exc: BaseException) -> str:
    """The one-line message of an expected error."""
    return exc.user_message() if isinstance(exc, WorkbenchError) else " ".join(str(exc).split())


class GeneralPage(SettingsPage):
    """常规: one editor per declared setting; saved together, all or nothing."""

    def __init__(self, settings: SettingsRegistry, keyring_note: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_page_general")
        self.settings = settings
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        layout.addStretch(1)

    def _editor_for(self, setting: Setting, value: Any) -> QWidget:
        if setting.type is bool:
            box = QCheckBox(self)
            box.setChecked(bool(value))
            box.toggled.connect(self._edited)
            return box
        if setting.type is int:
            spin = QSpinBox(self)
            spin.setRange(int(setting.minimum or 0), int(setting.maximum or 1_000_000))
            spin.setValue(int(value))
            spin.valueChanged.connect(self._edited)
            return spin
        if setting.type is float:
            dspin = QDoubleSpinBox(self)
            dspin.setRange(float(setting.minimum or 0), float(setting.maximum or 1e9))
            dspin.setValue(float(value))
            dspin.valueChanged.connect(self._edited)
            return dspin
        if setting.choices:
            combo = QComboBox(self)
            for choice in setting.choices:
                combo.addItem(LANGUAGES.get(choice, choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(self._edited)
            return combo
        line = QLineEdit(str(value), self)
        line.textChanged.connect(self._edited)
        return line

    def _edited(self, *_args: object) -> None:
        self.changed.emit()

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

    def is_modified(self) -> bool:
        """True when an editor differs from the stored value."""
        return any(value != self.settings.get(key) for key, value in self.values().items())

    def validate(self) -> None:
        """Every value fits its declaration (ValueError naming the key otherwise)."""
        declared = {s.key: s for s in self.settings.declared}
        for key, value in self.values().items():
            declared[key].validate(value)

    def save(self, done: SaveDone) -> None:
        """Persist every value together (the settings file; small, so on the GUI thread)."""
        try:
            self.settings.update(self.values())
        except EXPECTED as exc:
            done(exc)
            return
        done(None)


@dataclass(frozen=True)
class PageEntry:
    """A page as the dialog lists it: its stable id, its (translated) title and its widget."""

    id: str
    title: str
    page: SettingsPage


class SettingsDialog(QDialog):
    """设置: a list of pages on the left, the chosen page on the right, 确定 / 应用 / 取消.

    Args:
        pages: The pages, in display order (the general page first).
        current: The id of the page to show first (default: the first).
        parent: Parent widget.
    """

    def __init__(self, pages: Sequence[PageEntry], current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("设置"))
        self.entries = list(pages)
        self._saving = False
        if len({e.id for e in self.entries}) != len(self.entries):
            raise ValueError("settings page ids must be unique")
        self.list = QListWidget(self)
        self.list.setObjectName("settings_pages")
        self.stack = QStackedWidget(self)
        for entry in self.entries:
            self.list.addItem(entry.title)
            self.stack.addWidget(entry.page)
            entry.page.changed.connect(self._update_buttons)
        self.list.setFixedWidth(max(150, self.list.sizeHintForColumn(0) + 32))
        self.heading = QLabel(self)
        self.heading.setObjectName("settings_heading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.currentRowChanged.connect(lambda row: self.heading.setText(self.entries[row].title))
        self.list.currentRowChanged.connect(lambda _row: self._clear_error())
        self.error = QLabel(self)
        self.error.setObjectName("settings_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #C62828;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(860, 560)
        self.show_page(current or self.entries[0].id)
        self._update_buttons()

    # ------------------------------------------------------------------ pages
    @property
    def apply_button(self) -> QPushButton:
        """应用."""
        button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        assert button is not None
        return button

    def page_ids(self) -> list[str]:
        """The pages' ids, in display order."""
        return [e.id for e in self.entries]

    def page(self, page_id: str) -> SettingsPage:
        """The page with this id (KeyError naming the known ids otherwise)."""
        for entry in self.entries:
            if entry.id == page_id:
                return entry.page
        raise KeyError(f"settings page {page_id!r} does not exist; pages: {', '.join(self.page_ids())}")

    def current_page_id(self) -> str:
        """The id of the page shown."""
        return self.entries[self.stack.currentIndex()].id

    def show_page(self, page_id: str) -> None:
        """Show the page with this id."""
        self.page(page_id)  # KeyError for an unknown id
        self.list.setCurrentRow(self.page_ids().index(page_id))

    # ------------------------------------------------------------------ 确定 / 应用
    def on_buttons_accepted(self) -> None:
        """确定: validate and save every modified page, then close."""
        self._commit(close=True)

    def apply(self) -> None:
        """应用: validate and save every modified page; the dialog stays open."""
        self._commit(close=False)

    def _commit(self, *, close: bool) -> None:
        if self._saving:
            return
        self._clear_error()
        pending = [e for e in self.entries if e.page.is_modified()]
        for entry in pending:
            try:
                entry.page.validate()
            except EXPECTED as exc:
                self._show_error(entry, exc)
                return
        self._save_next(pending, close)

    def _save_next(self, pending: list[PageEntry], close: bool) -> None:
        if not pending:
            self._set_saving(False)
            if close:
                self.accept()
            return
        entry = pending[0]
        self._set_saving(True)

        def done(exc: BaseException | None) -> None:
            if exc is None:
                self._save_next(pending[1:], close)
                return
            self._set_saving(False)
            if isinstance(exc, EXPECTED):
                self._show_error(entry, exc)
            else:
                self.show_page(entry.id)
                handle_error(self, exc)

        entry.page.save(done)

    def _show_error(self, entry: PageEntry, exc: BaseException) -> None:
        self.show_page(entry.id)
        self.error.setText(self.tr("%1：%2，未保存。").replace("%1", entry.title).replace("%2", error_text(exc)))
        self.error.show()

    def _clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self._update_buttons()

    def _update_buttons(self) -> None:
        modified = any(e.page.is_modified() for e in self.entries)
        self.apply_button.setEnabled(modified and not self._saving)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not self._saving)

    def reject(self) -> None:
        """取消: drop the edits not saved (a save under way finishes first)."""
        if not self._saving:
            super().reject()
