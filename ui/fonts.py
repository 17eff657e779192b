"""Register the bundled CJK font with Qt so rendering never depends on system fonts."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.core.paths import resource_path

log = logging.getLogger(__name__)

FONT_FILE = ("fonts", "wqy-microhei.ttc")


def register_app_font(app: QApplication, point_size: int = 10) -> str:
    """Load the bundled font and make it the application font; returns its family name."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("bundled font could not be loaded; falling back to system fonts")
        return app.font().family()
    family = families[0]
    app.setFont(QFont(family, point_size))
    return family
