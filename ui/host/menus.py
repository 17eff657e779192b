"""Menus by name, with named sections, and one way to make an action with a standard shortcut.

A :class:`HostMenu` groups its actions in sections (separated by a line) so that features add
entries in the right place without knowing each other: the 文件 menu has ``case``,
``exchange`` (imports and exports) and ``quit`` (always last). A section is created the first
time an action is added to it, after the existing ones (before those pinned to the end).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

FALLBACK_KEYS = {
    QKeySequence.StandardKey.Open: "Ctrl+O",
    QKeySequence.StandardKey.SaveAs: "Ctrl+Shift+S",
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Preferences: "Ctrl+,",
    QKeySequence.StandardKey.HelpContents: "F1",
    QKeySequence.StandardKey.New: "Ctrl+N",
    QKeySequence.StandardKey.Undo: "Ctrl+Z",
    QKeySequence.StandardKey.Redo: "Ctrl+Shift+Z",
    QKeySequence.StandardKey.Find: "Ctrl+F",
    QKeySequence.StandardKey.Print: "Ctrl+P",
}
"""The common desktop binding of a standard key, for platforms whose theme defines none."""

Shortcut = QKeySequence.StandardKey | str | None


def key_sequence(shortcut: QKeySequence.StandardKey | str) -> QKeySequence:
    """The key sequence of a standard key (or its common binding where the platform has none) or a string."""
    if isinstance(shortcut, QKeySequence.StandardKey):
        # Platform themes define the standard keys; without one (offscreen, minimal WMs) they are empty.
        sequence = QKeySequence(shortcut)
        return sequence if not sequence.isEmpty() else QKeySequence(FALLBACK_KEYS.get(shortcut, ""))
    return QKeySequence(shortcut)


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut = None,
    name: str = "",
    *,
    window_wide: bool = False,
) -> QAction:
    """A QAction that calls ``slot()`` (the ``checked`` argument is dropped).

    Args:
        parent: Owner of the action.
        text: Translated menu text.
        slot: What the action does.
        shortcut: A standard key, a key string, or None.
        name: Object name (tests and QSettings find actions by it).
        window_wide: The shortcut works anywhere in the window (not only while a menu shows it).
    """
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(key_sequence(shortcut))
        if window_wide:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class StepAction(QAction):
    """撤销 / 重做, named after the step they would undo or redo."""

    def __init__(self, text: str, step_text: str, parent: QObject) -> None:
        super().__init__(text, parent)
        self._step_text = step_text

    @Slot(str)
    def set_step(self, step: str) -> None:
        """Show the step (the undo stack's text of it)."""
        self.setText(self._step_text.replace("%1", step))


class HostMenu:
    """A menu whose actions are grouped in named sections.

    Args:
        menu: The Qt menu.
        pinned_last: Sections that stay at the end, in this order (e.g. ``quit``).
    """

    def __init__(self, menu: QMenu, pinned_last: Sequence[str] = ()) -> None:
        self.menu = menu
        self._pinned = tuple(pinned_last)
        self._sections: dict[str, list[QAction]] = {name: [] for name in self._pinned}
        self._separators: dict[str, QAction] = {}

    @property
    def title(self) -> str:
        """The menu's title as shown."""
        return self.menu.title()

    def sections(self) -> list[str]:
        """The section names, in menu order."""
        return list(self._sections)

    def add_action(self, action: QAction, section: str = "main") -> QAction:
        """Add ``action`` at the end of ``section`` (created if new) and return it."""
        if section not in self._sections:
            order = [s for s in self._sections if s not in self._pinned] + [section] + list(self._pinned)
            self._sections = {name: self._sections.get(name, []) for name in order}
        self._sections[section].append(action)
        self._rebuild()
        return action

    def add_actions(self, actions: Sequence[QAction], section: str = "main") -> None:
        """Add several actions to one section, in order."""
        for action in actions:
            self.add_action(action, section)

    def actions(self, section: str | None = None) -> list[QAction]:
        """The actions of one section, or of all sections in order (no separators)."""
        if section is not None:
            return list(self._sections.get(section, []))
        return [a for actions in self._sections.values() for a in actions]

    def _separator(self, section: str) -> QAction:
        if section not in self._separators:
            separator = QAction(self.menu)
            separator.setSeparator(True)
            self._separators[section] = separator
        return self._separators[section]

    def _rebuild(self) -> None:
        # Re-lay the whole menu: sections change rarely (only while features install) and a menu
        # holds a handful of actions, so this is simpler than tracking insertion points.
        for action in self.menu.actions():
            self.menu.removeAction(action)
        first = True
        for section, actions in self._sections.items():
            if not actions:
                continue
            if not first:
                self.menu.addAction(self._separator(section))
            self.menu.addActions(actions)
            first = False


class MenuBar:
    """The window's menus by name, in menu-bar order.

    Args:
        bar: The window's menu bar.
    """

    def __init__(self, bar: QMenuBar) -> None:
        self.bar = bar
        self._menus: dict[str, HostMenu] = {}

    def add(self, name: str, title: str, *, before: str | None = None, pinned_last: Sequence[str] = ()) -> HostMenu:
        """Add a menu named ``name`` (in front of the menu ``before``, else at the end) and return it."""
        if name in self._menus:
            raise ValueError(f"menu {name!r} exists already")
        menu = QMenu(title, self.bar)
        menu.setObjectName(f"{name}_menu")
        anchor = self._menus.get(before) if before else None
        if anchor is not None:
            self.bar.insertMenu(anchor.menu.menuAction(), menu)
        else:
            self.bar.addMenu(menu)
        host_menu = HostMenu(menu, pinned_last)
        self._menus[name] = host_menu
        return host_menu

    def get(self, name: str) -> HostMenu:
        """The menu named ``name``.

        Raises:
            KeyError: No such menu; the message lists the menus there are.
        """
        try:
            return self._menus[name]
        except KeyError:
            raise KeyError(f"no menu {name!r}; menus: {', '.join(self._menus)}") from None

    def names(self) -> list[str]:
        """Menu names in menu-bar order."""
        order = self.bar.actions()
        return sorted(self._menus, key=lambda n: order.index(self._menus[n].menu.menuAction()))
