"""运维SLA看板 (placeholder): fault tickets checked against the operations contract's SLA clocks.

Branch i11-ops fills it in: replace ``install`` below with one that imports the feature's
modules (``ui.features.sla.…``) and adds the real tab; keep the tab id ``sla``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ui.host.protocol import Feature, TabSpec, WindowHost

TAB = TabSpec("sla", str(QT_TRANSLATE_NOOP("MainWindow", "运维SLA看板")))


def install(host: WindowHost) -> object:
    """Add the placeholder page."""
    from ui.widgets.placeholder import PlaceholderPage

    page = PlaceholderPage(
        TAB.display_title(),
        QCoreApplication.translate("MainWindow", "按运维合同的响应、恢复时限核对故障工单，显示超时与达标率。"),
        host.window(),
    )
    host.add_tab(TAB.id, page)
    return page


FEATURE = Feature("sla", install, tabs=(TAB,))
