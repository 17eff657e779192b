"""运维SLA看板: fault tickets checked against the operations contract's SLA clocks.

Declared here without importing anything heavy (the tab bar is drawn from ``FEATURE`` at the first
paint); :func:`install` loads the feature's modules (board, dialogs) once the store is open.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.host.protocol import Feature, TabSpec, WindowHost

TAB = TabSpec("sla", str(QT_TRANSLATE_NOOP("MainWindow", "运维SLA看板")))


def install(host: WindowHost) -> object:
    """Add the board tab, its menu entries and its start-up check (see ``feature.SlaFeature``)."""
    from ui.features.sla.feature import SlaFeature

    return SlaFeature(host)


FEATURE = Feature("sla", install, tabs=(TAB,))
