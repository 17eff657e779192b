"""The window's standard menus: 文件 (退出), 编辑 (撤销, 重做), 视图 (one entry per tab), 工具 (设置…), 帮助 (关于).

The host makes them with its frame, before any feature is installed, so that the features add
their entries to named sections of them (see :mod:`ui.host.menus`). 撤销 and 重做 follow the
open case's undo stack, and 设置… and 关于 stay disabled until the store is open: both come with
:meth:`StandardMenus.attach`.

The texts are translated in the context ``MainWindow``, the class that declared them first: the
English .ts is keyed by it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QTabWidget

from ui.host.menus import MenuBar, StepAction, key_sequence, make_action

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from ui.services import UiServices


class StandardMenus:
    """The menus and actions the host itself owns (the features add theirs to the same menus).

    The actions are children of the window, so that they live as long as it does and
    ``findChildren`` finds them by name.

    Args:
        window: The main window: owns the actions; 退出 closes it and 关于 is shown over it.
        menus: The window's menus by name; the standard ones are added to it, in menu-bar order.
        tabs: The window's tabs; 视图 has an entry (Ctrl+1, Ctrl+2, …) for each of ``titles``.
        titles: The tab titles, in tab order.
        open_settings: What 工具 → 设置… does.
    """

    def __init__(
        self,
        window: QMainWindow,
        menus: MenuBar,
        tabs: QTabWidget,
        titles: Sequence[str],
        open_settings: Callable[[], object],
    ) -> None:
        self._window = window
        self._services: UiServices | None = None
        self._stack: QUndoStack | None = None
        file_menu = menus.add("file", QCoreApplication.translate("MainWindow", "文件(&F)"), pinned_last=("quit",))
        file_menu.add_action(
            make_action(
                window,
                QCoreApplication.translate("MainWindow", "退出"),
                window.close,
                QKeySequence.StandardKey.Quit,
                "quit",
            ),
            "quit",
        )
        edit = menus.add("edit", QCoreApplication.translate("MainWindow", "编辑(&E)"))
        self.undo_action = StepAction(
            QCoreApplication.translate("MainWindow", "撤销"),
            QCoreApplication.translate("MainWindow", "撤销 %1"),
            window,
        )
        self.undo_action.setObjectName("undo")
        self.undo_action.setShortcut(key_sequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self._undo)
        self.redo_action = StepAction(
            QCoreApplication.translate("MainWindow", "重做"),
            QCoreApplication.translate("MainWindow", "重做 %1"),
            window,
        )
        self.redo_action.setObjectName("redo")
        self.redo_action.setShortcut(key_sequence(QKeySequence.StandardKey.Redo))
        self.redo_action.triggered.connect(self._redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit.add_actions([self.undo_action, self.redo_action], "undo")
        view = menus.add("view", QCoreApplication.translate("MainWindow", "视图(&V)"))
        for index, title in enumerate(titles):
            view.add_action(
                make_action(window, title, partial(tabs.setCurrentIndex, index), f"Ctrl+{index + 1}"), "tabs"
            )
        tools = menus.add("tools", QCoreApplication.translate("MainWindow", "工具(&T)"))
        self.settings_action = make_action(
            window,
            QCoreApplication.translate("MainWindow", "设置…"),
            open_settings,
            QKeySequence.StandardKey.Preferences,
            "settings",
        )
        tools.add_action(self.settings_action, "settings")
        help_menu = menus.add("help", QCoreApplication.translate("MainWindow", "帮助(&H)"), pinned_last=("about",))
        # F1 opens the user guide (the help feature); 关于 stays last
        self.about_action = make_action(
            window, QCoreApplication.translate("MainWindow", "关于"), self._show_about, None, "about"
        )
        help_menu.add_action(self.about_action, "about")
        for action in (self.settings_action, self.about_action):
            action.setEnabled(False)  # they show the store and the keyring: enabled by attach()

    def attach(self, services: UiServices, stack: QUndoStack) -> None:
        """The store is open: follow the case controller's undo ``stack``, enable 设置… and 关于.

        Args:
            services: The window's services (关于 shows the store and the keyring).
            stack: The undo stack of the case controller.
        """
        self._services, self._stack = services, stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        # Slots of the actions themselves: the connection ends with the action (the window deletes
        # its actions before the controller).
        stack.undoTextChanged.connect(self.undo_action.set_step)
        stack.redoTextChanged.connect(self.redo_action.set_step)
        for action in (self.settings_action, self.about_action):
            action.setEnabled(True)

    def _undo(self) -> None:
        if self._stack is not None:
            self._stack.undo()

    def _redo(self) -> None:
        if self._stack is not None:
            self._stack.redo()

    def _show_about(self) -> None:
        from ui.dialogs.about import AboutDialog

        if self._services is None:
            raise RuntimeError("the window has no services yet: the store is still being opened")
        AboutDialog(self._services, self._window).exec()
