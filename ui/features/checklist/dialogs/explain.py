"""Shows how a number was calculated: the engine's formulas with their actual inputs."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.mipin.explain import Section, as_text


class ExplainDialog(QDialog):
    """Formula sections from one number up to the total and the conclusion."""

    def __init__(self, title: str, sections: list[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explain_dialog")
        self.setWindowTitle(self.tr("计算过程 — %1").replace("%1", title))
        self.resize(760, 520)
        self.plain_text = as_text(sections)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        html = []
        for section in sections:
            lines = "".join(f"<li style='margin-bottom:3px;'>{escape(line)}</li>" for line in section.lines)
            html.append(f"<h4 style='margin:8px 0 2px 0; color:#1f5fae;'>{escape(section.title)}</h4><ul>{lines}</ul>")
        self.browser.setHtml("".join(html))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(self.tr("复制"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def on_copy_clicked(self) -> None:
        """Copy the formulas as plain text."""
        QGuiApplication.clipboard().setText(self.plain_text)
