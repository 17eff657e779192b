"""智桂通H5预览 (placeholder): the H5 page where residents view their own health records, with synthetic residents.

Branch i12-h5 fills it in. QtWebEngine may be imported **only** inside this package and only
when the tab is first shown: the page is a :class:`ui.widgets.lazy.LazyPage` whose factory
imports the web view (a test scans ``ui/`` for it, and the start-up benchmark checks that no
QtWebEngine library is loaded at start). Keep the tab id ``h5``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.host.protocol import Feature, TabSpec, WindowHost

TAB = TabSpec("h5", str(QT_TRANSLATE_NOOP("MainWindow", "智桂通H5预览")))


def _build_page(parent: QWidget) -> QWidget:
    """The tab's content, built when the tab is first shown (a web view will go here)."""
    from ui.widgets.placeholder import PlaceholderPage

    return PlaceholderPage(
        TAB.display_title(),
        QCoreApplication.translate(
            "MainWindow", "预览居民在“智桂通”APP中查看本人健康档案的 H5 页面（使用虚拟居民数据）。"
        ),
        parent,
    )


def install(host: WindowHost) -> object:
    """Add the page; its content is built when the tab opens."""
    from ui.widgets.lazy import LazyPage

    page = LazyPage(_build_page, host.window())
    host.add_tab(TAB.id, page, ready=page.ensure_built)
    return page


FEATURE = Feature("h5", install, tabs=(TAB,))
