"""测评检查表: layers → units, the unit's test objects with D/A/K, records, evidence, the live score; 查找."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.host.protocol import Feature, TabSpec, WindowHost


def install(host: WindowHost) -> object:
    """Add the 测评检查表 tab and 编辑 → 查找…."""
    from ui.features.checklist.feature import ChecklistFeature

    return ChecklistFeature(host)


FEATURE = Feature(
    "checklist", install, tabs=(TabSpec("checklist", str(QT_TRANSLATE_NOOP("MainWindow", "测评检查表"))),)
)
