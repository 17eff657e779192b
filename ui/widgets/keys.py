"""Keys a widget keeps for itself even where a window-level shortcut uses them.

The 测评检查表 steps to the next or previous unit with Alt+↓ / Alt+↑; inside a combo box those keys
open it and move in it (Qt's standard), so a combo — the 模块等级 editor of the object table, the
record selector … — must keep them. :func:`keep_alt_arrows` accepts the ``ShortcutOverride``
event for these keys on the combo and on its popup list, so Qt delivers them as ordinary key
presses instead of triggering the shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

ALT_ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down)


class _AltArrowKeeper(QObject):
    """Event filter: the watched widget takes Alt+↑/↓ before any shortcut does."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept the shortcut override of Alt+↑/↓ (the key press then goes to ``watched``)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in ALT_ARROWS
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            event.accept()
            return True
        return False


def keep_alt_arrows(combo: QComboBox) -> QComboBox:
    """Let ``combo`` (and its popup list) keep Alt+↑/↓; returns it."""
    keeper = _AltArrowKeeper(combo)
    combo.installEventFilter(keeper)
    combo.view().installEventFilter(keeper)
    return combo


def keep_alt_arrows_in(widget: QWidget) -> None:
    """:func:`keep_alt_arrows` for every combo box inside ``widget`` now."""
    for combo in widget.findChildren(QComboBox):
        keep_alt_arrows(combo)
