"""The help window: the user guide and the reference docs rendered from Markdown, and the shortcut list.

Everything is offline: the guide is ``resources/help/guide.md``; the reference pages are the
project's ``docs/*.md`` (bundled beside ``resources/`` in the frozen build) when present.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.paths import resource_path, resource_root

PAGES = (
    ("guide", QT_TRANSLATE_NOOP("HelpDialog", "用户指南"), "help/guide.md"),
    ("shortcuts", QT_TRANSLATE_NOOP("HelpDialog", "键盘快捷键"), ""),
    ("casework", QT_TRANSLATE_NOOP("HelpDialog", "参考：测评检查表与高风险判定"), "docs/casework.md"),
    ("reports", QT_TRANSLATE_NOOP("HelpDialog", "参考：报告与Excel"), "docs/reports.md"),
    ("format", QT_TRANSLATE_NOOP("HelpDialog", "参考：mipin-case/1 交换文件"), "docs/mipin-case-format.md"),
)
"""(id, title, file): ``help/…`` is under ``resources/``, ``docs/…`` beside it."""

_COLUMNS = (
    QT_TRANSLATE_NOOP("HelpDialog", "位置"),
    QT_TRANSLATE_NOOP("HelpDialog", "按键"),
    QT_TRANSLATE_NOOP("HelpDialog", "作用"),
)
Rows = Callable[[], list[tuple[str, str, str]]]


def page_file(name: str) -> Path:
    """Where a page's Markdown is (it may be missing for ``docs/…`` in an unusual install)."""
    if name.startswith("help/"):
        return resource_path(*name.split("/"))
    return resource_root().parent.joinpath(*name.split("/"))


def shortcuts_markdown(rows: list[tuple[str, str, str]]) -> str:
    """The shortcut list as a Markdown table."""
    columns = " | ".join(QCoreApplication.translate("HelpDialog", str(c)) for c in _COLUMNS)
    title = QCoreApplication.translate("HelpDialog", str(PAGES[1][1]))
    head = f"# {title}\n\n| {columns} |\n|---|---|---|\n"
    return head + "".join(f"| {where} | {keys.replace('|', '/')} | {what} |\n" for where, keys, what in rows)


class HelpDialog(QDialog):
    """The pages of :data:`PAGES` in a list, the chosen one rendered beside it.

    Args:
        rows: Returns the shortcut rows when the shortcut page is shown (read from the window then).
        parent: Parent widget.
    """

    def __init__(self, rows: Rows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(self.tr("帮助"))
        self.rows = rows
        self.resize(960, 680)
        self.pages = QListWidget(self)
        self.pages.setObjectName("help_pages")
        self.pages.setFixedWidth(230)
        for page_id, title, name in PAGES:
            if name and not page_file(name).is_file():
                continue
            item = QListWidgetItem(QCoreApplication.translate("HelpDialog", str(title)), self.pages)
            item.setData(Qt.ItemDataRole.UserRole, page_id)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.show_file(Path(url.path()).name))
        self.pages.currentItemChanged.connect(self.on_pages_current_changed)
        body = QHBoxLayout()
        body.addWidget(self.pages)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def page_ids(self) -> list[str]:
        """The pages offered, in order."""
        return [str(self.pages.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.pages.count())]

    def show_page(self, page_id: str) -> None:
        """Show ``page_id`` (unknown ids are ignored)."""
        ids = self.page_ids()
        if page_id in ids:
            self.pages.setCurrentRow(ids.index(page_id))
            self._render(page_id)

    def show_file(self, file_name: str) -> None:
        """Follow a link to another page (``casework.md`` …); other links are ignored (offline)."""
        for page_id, _title, name in PAGES:
            if name and Path(name).name == file_name:
                self.show_page(page_id)
                return

    @Slot(QListWidgetItem, QListWidgetItem)
    def on_pages_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        """Render the page chosen in the list."""
        if current is not None:
            self._render(str(current.data(Qt.ItemDataRole.UserRole)))

    def _render(self, page_id: str) -> None:
        name = next(n for p, _t, n in PAGES if p == page_id)
        if not name:
            self.browser.setMarkdown(shortcuts_markdown(self.rows()))
            return
        try:
            text = page_file(name).read_text(encoding="utf-8")
        except OSError as exc:
            text = self.tr("无法读取帮助页 %1：%2").replace("%1", name).replace("%2", str(exc.strerror or exc))
        self.browser.setMarkdown(text)
