"""密改方案: the draft 密码应用改造方案 from the assessment results, its what-if and 最省方案, and its review.

The tab (:mod:`ui.features.plan.tab`) edits the case's plan through typed edits
(:mod:`app.plan.edits`) on the case controller's undo stack; the domain is :mod:`app.plan`.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.host.protocol import Feature, TabSpec, WindowHost

TAB = TabSpec("plan", str(QT_TRANSLATE_NOOP("MainWindow", "密改方案")))


def install(host: WindowHost) -> object:
    """Add the 密改方案 tab and 设置 → 价格表."""
    from ui.features.plan.feature import PlanFeature

    return PlanFeature(host)


FEATURE = Feature("plan", install, tabs=(TAB,))
