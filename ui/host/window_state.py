"""The main window's state between runs: geometry and toolbars, the last tab, the last case (QSettings ``main/…``)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QWidget


def restore_geometry(window: QMainWindow, state: QSettings) -> None:
    """Give ``window`` the geometry and toolbar state it was closed with (1440×900 the first time), on screen."""
    geometry = state.value("main/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(1440, 900)
    fit_to_screen(window)
    window_state = state.value("main/state")
    if isinstance(window_state, QByteArray):
        window.restoreState(window_state)


def fit_to_screen(window: QWidget) -> None:
    """Keep the window inside the screen's available area.

    A size saved on a large monitor (or the 1440×900 default) would otherwise run off a
    1366×768 laptop screen, with the status bar and the score panel out of reach.
    """
    area = window.screen().availableGeometry()
    # The frame (title bar, borders) is unknown before the first show; leave room for it.
    width = min(window.width(), area.width() - 16)
    height = min(window.height(), area.height() - 40)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() - width)
    y = min(max(window.y(), area.top()), area.bottom() - height)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def last_tab(state: QSettings) -> str:
    """The id of the tab shown when the window was last closed (the 测评检查表 the first time)."""
    return str(state.value("main/last_tab", "checklist"))


def last_case(state: QSettings) -> int | None:
    """The case shown when the window was last closed (None: none, or an unreadable value)."""
    value = state.value("main/last_case")
    try:
        return None if value is None else int(str(value))
    except ValueError:
        return None


def save_window_state(window: QMainWindow, state: QSettings, tab_id: str, case_id: int | None) -> None:
    """Write what the window shows now, to be restored at the next start.

    Args:
        window: The main window (its geometry and toolbar state).
        state: Where UI state is kept.
        tab_id: The id of the tab on show.
        case_id: The case on show; None keeps the last one saved.
    """
    state.setValue("main/geometry", window.saveGeometry())
    state.setValue("main/state", window.saveState())
    state.setValue("main/last_tab", tab_id)
    if case_id is not None:
        state.setValue("main/last_case", case_id)
    state.sync()
