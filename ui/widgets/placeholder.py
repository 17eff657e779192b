"""A page whose feature is not built yet: says so plainly and shows what it will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    """Placeholder for a tab that a later release fills.

    Args:
        title: Translated title.
        purpose: One paragraph on what the tab will do.
        parent: Parent widget.
    """

    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame(self)
        card.setObjectName("placeholder_card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        heading = QLabel(f"<h2>{title}</h2>", card)
        heading.setTextFormat(Qt.TextFormat.RichText)
        body = QLabel(purpose, card)
        body.setWordWrap(True)
        status = QLabel(self.tr("此功能尚在开发中，当前版本仅提供占位页面。"), card)
        status.setObjectName("placeholder_status")
        status.setStyleSheet("color: #8a6d3b;")
        for widget in (heading, body, status):
            inner.addWidget(widget)
        layout.addWidget(card)
