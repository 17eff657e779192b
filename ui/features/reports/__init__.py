"""报告 menu: preview and print the 密评 report (一式N份), export the PDF, one PDF per copy, the Excel record."""

from __future__ import annotations

from ui.host.protocol import Feature, WindowHost


def install(host: WindowHost) -> object:
    """Add the 报告(&R) menu in front of 帮助."""
    from ui.features.reports.actions import ReportActions

    return ReportActions(host)


FEATURE = Feature("reports", install)
