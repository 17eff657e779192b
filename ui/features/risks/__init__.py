"""高风险判定: the candidates with the guide's text and decisions, manual high risks, the chapter-6 risk analysis."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.host.protocol import Feature, TabSpec, WindowHost


def install(host: WindowHost) -> object:
    """Add the 高风险判定 tab."""
    from ui.features.risks.tab import RisksTab

    tab = RisksTab(host.controller, host.window())
    host.add_tab("risks", tab, ready=tab.wait_until_ready)
    # "转到测评单元": the 测评检查表 (another feature) shows it; the controller carries the request.
    tab.unit_requested.connect(host.controller.request_reveal)
    tab.status_message.connect(lambda text: host.status.show_message(text, 8000))
    return tab


FEATURE = Feature("risks", install, tabs=(TabSpec("risks", str(QT_TRANSLATE_NOOP("MainWindow", "高风险判定"))),))
