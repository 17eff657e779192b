"""The keyboard-shortcut list: every menu action with a shortcut (read from the window) and the table keys."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

_CHECKLIST = QT_TRANSLATE_NOOP("Shortcuts", "测评检查表")
_RATINGS = QT_TRANSLATE_NOOP("Shortcuts", "风险分析")
KEYS = (
    (_CHECKLIST, "1 / 2 / 3", QT_TRANSLATE_NOOP("Shortcuts", "D/A/K 单元格录入 √ / × / /，光标自动前进")),
    (_CHECKLIST, "Delete", QT_TRANSLATE_NOOP("Shortcuts", "清除当前 D/A/K")),
    (_CHECKLIST, "Enter / F2", QT_TRANSLATE_NOOP("Shortcuts", "编辑当前单元格")),
    (_CHECKLIST, "1 – 4", QT_TRANSLATE_NOOP("Shortcuts", "管理单元：符合 / 部分符合 / 不符合 / 不适用")),
    (
        _CHECKLIST,
        "Alt+↑ / Alt+↓",
        QT_TRANSLATE_NOOP("Shortcuts", "上一个 / 下一个测评单元（在展开的下拉框内则在框内移动）"),
    ),
    (_CHECKLIST, "Insert", QT_TRANSLATE_NOOP("Shortcuts", "添加测评对象（新对象的 D 单元格随即获得焦点）")),
    (_CHECKLIST, "Ctrl+E", QT_TRANSLATE_NOOP("Shortcuts", "附加证据文件")),
    (_CHECKLIST, "F6", QT_TRANSLATE_NOOP("Shortcuts", "焦点：单元列表 → 对象表 → 结果记录")),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "风险分析"),
        "1 / 2 / 3",
        QT_TRANSLATE_NOOP("Shortcuts", "可能性、影响：高 / 中 / 低"),
    ),
)
"""Keys of the tables (not menu actions), as (where, keys, what)."""


def _menu_path(action: QAction, window: QWidget) -> str:
    for menu in window.findChildren(QMenu):
        if action in menu.actions():
            return menu.title().replace("&", "").split("(")[0]
    return ""


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, keys, action) of every enabled-or-not menu action with a shortcut, then the table keys."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").split("\t")[0]
        menu = _menu_path(action, window)
        if not keys or not text or not menu or (keys, text) in seen:
            continue
        seen.add((keys, text))
        rows.append((menu, keys, text))
    bar = window.menuBar() if isinstance(window, QMainWindow) else None
    order = [a.text().replace("&", "").split("(")[0] for a in bar.actions()] if bar is not None else []
    rows.sort(key=lambda row: order.index(row[0]) if row[0] in order else len(order))
    translate = QCoreApplication.translate
    rows += [(translate("Shortcuts", str(w)), keys, translate("Shortcuts", str(what))) for w, keys, what in KEYS]
    return rows
