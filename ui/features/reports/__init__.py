"""报告 menu: preview and print the 密评 report (一式N份), export the PDF, one PDF per copy, the Excel record."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.host.protocol import Feature, MenuSpec, WindowHost


def install(host: WindowHost) -> object:
    """Add the 报告(&R) menu in front of 帮助."""
    from ui.features.reports.actions import ReportActions

    return ReportActions(host)


FEATURE = Feature("reports", install, menus=(MenuSpec("report", str(QT_TRANSLATE_NOOP("MainWindow", "报告(&R)"))),))
