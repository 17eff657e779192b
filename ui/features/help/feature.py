"""The 帮助 menu's guide and shortcut entries."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence

from ui.features.help.guide import HelpDialog
from ui.features.help.shortcuts import shortcut_rows
from ui.host.menus import make_action
from ui.host.protocol import WindowHost


class HelpFeature(QObject):
    """Adds 用户指南 (F1) and 键盘快捷键 to ``host``'s 帮助 menu.

    Args:
        host: The window.
    """

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.dialog: HelpDialog | None = None
        self.guide_action = make_action(
            self, self.tr("用户指南"), self.on_guide_triggered, QKeySequence.StandardKey.HelpContents, "user_guide"
        )
        self.shortcuts_action = make_action(
            self, self.tr("键盘快捷键"), self.on_shortcuts_triggered, "Ctrl+F1", "keyboard_shortcuts"
        )
        host.menu("help").add_actions([self.guide_action, self.shortcuts_action], "guide")
        for action in (self.guide_action, self.shortcuts_action):
            host.window().addAction(action)  # F1 works wherever the focus is

    def show_page(self, page: str) -> HelpDialog:
        """Open the help window (one, non-modal) at ``page`` (a :data:`~ui.features.help.guide.PAGES` id)."""
        if self.dialog is None:
            self.dialog = HelpDialog(lambda: shortcut_rows(self.host.window()), self.host.window())
        self.dialog.show_page(page)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    @Slot()
    def on_guide_triggered(self) -> None:
        """Show the user guide."""
        self.show_page("guide")

    @Slot()
    def on_shortcuts_triggered(self) -> None:
        """Show the keyboard shortcuts."""
        self.show_page("shortcuts")
