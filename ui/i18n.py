"""Load the interface language: Simplified Chinese is the source language, English is a translation."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.paths import resource_path

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def qt_translation(name: str) -> Path | None:
    """Qt's own translation file ``name`` (``qtbase_zh_CN.qm``): PySide6's translations folder, or Qt's."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    folders = (
        package / "Qt" / "translations",  # wheels on Linux and macOS
        package / "translations",  # wheels on Windows
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    )
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    return None


def use_system_dates(language: str) -> None:
    """Chinese dates in Qt's own widgets (the file dialog's 修改日期 …) while the interface is Chinese.

    Qt formats those dates with the *system* locale, which is ``C`` on a laptop or build machine
    set to ``LANG=C`` ("1 12 2026"). With a Chinese interface and no Chinese time locale chosen,
    the time locale is set to ``zh_CN.UTF-8`` before the application is created (Qt reads it once).
    An explicit ``LC_ALL`` is the user's choice and is left alone.
    """
    if language != "zh_CN" or os.environ.get("LC_ALL"):
        return
    current = os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
    if not current.startswith("zh"):
        os.environ["LC_TIME"] = "zh_CN.UTF-8"


_installed: list[QTranslator] = []
"""The translators installed now (kept alive here; replaced by the next call)."""


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install Qt's own and the workbench's translators for ``language`` (replacing earlier ones); returns them."""
    for old in _installed:
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()
    translators = _installed
    if language == "zh_CN":  # Qt's own dialogs (file dialogs, buttons, calendars) in Chinese; Qt's source is English
        base = QTranslator(app)
        qm = qt_translation("qtbase_zh_CN.qm")
        if qm is not None and base.load(str(qm)):
            app.installTranslator(base)
            translators.append(base)
        else:
            log.warning("Qt's Chinese translations (qtbase_zh_CN.qm) are missing: Qt's dialogs stay in English")
        extra = QTranslator(app)  # the strings qtbase_zh_CN leaves in English ("&Look in:" …)
        supplement = resource_path("translations", "qt_zh_CN.qm")
        if extra.load(str(supplement)):
            app.installTranslator(extra)  # installed last: asked first
            translators.append(extra)
        else:
            log.warning("translation %s is missing; run the install step to build .qm files", supplement.name)
    else:
        ours = QTranslator(app)
        qm = resource_path("translations", f"workbench_{language}.qm")
        if ours.load(str(qm)):
            app.installTranslator(ours)
            translators.append(ours)
        else:
            log.warning("translation %s is missing; run the install step to build .qm files", qm.name)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English))
    return list(translators)
