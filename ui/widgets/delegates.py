"""Editors of the object table: D/A/K marks by keys 1/2/3, names with completion, module level.

Keyboard flow: on a D, A or K cell, typing 1, 2 or 3 (or √ × /) enters √, × or / at once and
moves on (D → A → K → next object's D; after D = / straight to the next object). Enter and Tab
work as in any table. Delete clears a mark.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from app.mipin.casework.session import MARK_KEYS
from ui.widgets.keys import keep_alt_arrows

Index = QModelIndex | QPersistentModelIndex
_TYPED = {**MARK_KEYS, "√": "√", "×": "×", "/": "/", "v": "√", "x": "×"}


class MarkEditor(QLineEdit):
    """A one-character editor: 1/2/3 (or √ × /) choose the mark and finish editing at once."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMaxLength(1)
        self.setPlaceholderText("1/2/3")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Map 1/2/3 to √/×//; Delete/Backspace clear; other keys behave as usual."""
        mark = _TYPED.get(event.text().lower()) if event.text() else None
        if mark is not None:
            self.setText(mark)
            self.chosen.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            return
        super().keyPressEvent(event)


class MarkDelegate(QStyledItemDelegate):
    """Delegate of the D, A and K columns; ``advanced`` asks the view to move to the next cell."""

    advanced = Signal(int, int, str)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A :class:`MarkEditor` that commits as soon as a mark is typed."""
        editor = MarkEditor(parent)
        persistent = QPersistentModelIndex(index)
        editor.chosen.connect(lambda: self._on_editor_chosen(editor, persistent))
        return editor

    def _on_editor_chosen(self, editor: MarkEditor, index: QPersistentModelIndex) -> None:
        # Remember where we were: a filter may hide the row once its mark is entered.
        row, column = index.row(), index.column()
        name = str(index.model().index(row, 0).data(Qt.ItemDataRole.EditRole) or "") if index.isValid() else ""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        self.advanced.emit(row, column, name)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Show the current mark."""
        if isinstance(editor, QLineEdit) and not editor.text():
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write the mark (empty clears it)."""
        if isinstance(editor, QLineEdit):
            text = editor.text().strip()
            model.setData(index, _TYPED.get(text, text), Qt.ItemDataRole.EditRole)


class NamesEditor(QLineEdit):
    """A comma-separated list of catalogue names with completion of the name being typed."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer = QCompleter(QStringListModel(names, self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self.on_completer_activated)
        self.setPlaceholderText(QCoreApplication.translate("NamesEditor", "输入名称，逗号分隔"))

    @property
    def completer_popup_visible(self) -> bool:
        """Whether the completion list is showing."""
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _last_token(self) -> str:
        return self.text().replace("，", ",").split(",")[-1].strip()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Type; the completion list follows the name after the last comma."""
        if self.completer_popup_visible and event.key() in (
            Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
        ):  # fmt: skip
            event.ignore()  # the popup handles these
            return
        super().keyPressEvent(event)
        prefix = self._last_token()
        if event.key() == Qt.Key.Key_Down and not prefix:
            self._completer.setCompletionPrefix("")
            self._completer.complete()
        elif prefix and event.text():
            self._completer.setCompletionPrefix(prefix)
            self._completer.complete()
        elif not prefix and (popup := self._completer.popup()) is not None and popup.isVisible():
            popup.hide()

    def on_completer_activated(self, name: str) -> None:
        """Replace the name being typed with the chosen one."""
        parts = [p.strip() for p in self.text().replace("，", ",").split(",")]
        parts[-1] = name
        self.setText(", ".join(p for p in parts if p) + ", ")


class NamesDelegate(QStyledItemDelegate):
    """Delegate of the algorithm and protocol columns."""

    def __init__(self, names: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A :class:`NamesEditor`."""
        return NamesEditor(self.names, parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """The current names, comma-separated."""
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write the names (the model validates them against the catalogue)."""
        if isinstance(editor, QLineEdit):
            text = editor.text().strip().rstrip(",，").strip()
            model.setData(index, text, Qt.ItemDataRole.EditRole)


class ModuleLevelDelegate(QStyledItemDelegate):
    """Delegate of the module-level column: empty or 1–4."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box; typing 1–4 picks the level."""
        combo = keep_alt_arrows(QComboBox(parent))  # Alt+↑/↓ stay in the open combo
        combo.addItem(QCoreApplication.translate("ModuleLevelDelegate", "（未给出）"), "")
        for level in range(1, 5):
            combo.addItem(QCoreApplication.translate("ModuleLevelDelegate", "%1 级").replace("%1", str(level)), level)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the current level."""
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setCurrentIndex(max(0, editor.findData(value if value != "" else "")))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write the chosen level."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ChoiceCombo(QComboBox):
    """A combo box where the keys 1, 2, 3 … pick the first, second, third … choice."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits choose by position."""
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= self.count():
            self.setCurrentIndex(int(text) - 1)
            return
        super().keyPressEvent(event)


class ChoiceDelegate(QStyledItemDelegate):
    """Delegate offering a fixed list of texts (e.g. 高/中/低; keys 1–3 choose)."""

    def __init__(self, choices: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A :class:`ChoiceCombo`."""
        combo = keep_alt_arrows(ChoiceCombo(parent))
        combo.addItems(list(self.choices))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the current text."""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(str(index.data(Qt.ItemDataRole.EditRole) or ""))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Write the chosen text."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class WrappingDelegate(QStyledItemDelegate):
    """Lets a tree column wrap long text: the size hint is computed for the column's real width.

    (A plain delegate measures text without a width, so tree rows never grow and text is cut.)
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.header().sectionResized.connect(lambda *_: view.scheduleDelayedItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Height of the text wrapped at the column width (minus the tree indentation)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.view.columnWidth(index.column())
        if index.column() == 0:
            width -= self.view.indentation() * (depth + (1 if self.view.rootIsDecorated() else 0))
        opt.rect = QRect(0, 0, max(40, width), 24)
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        style = self.view.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self.view)
