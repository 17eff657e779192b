"""Load the interface language: Simplified Chinese is the source language, English is a translation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.paths import resource_path

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}

_installed: list[QTranslator] = []
"""The translators installed now (kept alive here; replaced by the next call)."""


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install Qt's own and the workbench's translators for ``language`` (replacing earlier ones); returns them."""
    for old in _installed:
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()
    translators = _installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_lang = "zh_CN" if language == "zh_CN" else "en"
    base = QTranslator(app)
    if base.load(QLocale(qt_lang), "qtbase", "_", qt_dir):
        app.installTranslator(base)
        translators.append(base)
    if language != "zh_CN":
        ours = QTranslator(app)
        qm = resource_path("translations", f"workbench_{language}.qm")
        if ours.load(str(qm)):
            app.installTranslator(ours)
            translators.append(ours)
        else:
            log.warning("translation %s is missing; run the install step to build .qm files", qm.name)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English))
    return list(translators)
