"""密改方案 (placeholder): a draft 密码应用改造方案 from the assessment results, and its review (方案评估).

Branch i13-plan fills it in: replace ``install`` below with one that imports the feature's
modules (``ui.features.plan.…``) and adds the real tab; keep the tab id ``plan``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ui.host.protocol import Feature, TabSpec, WindowHost

TAB = TabSpec("plan", str(QT_TRANSLATE_NOOP("MainWindow", "密改方案")))


def install(host: WindowHost) -> object:
    """Add the placeholder page."""
    from ui.widgets.placeholder import PlaceholderPage

    page = PlaceholderPage(
        TAB.display_title(),
        QCoreApplication.translate(
            "MainWindow", "依据 GB/T 43207-2023 附录A 模板，从测评结果生成密码应用改造方案草稿。"
        ),
        host.window(),
    )
    host.add_tab(TAB.id, page)
    return page


FEATURE = Feature("plan", install, tabs=(TAB,))
