"""智桂通H5预览: the H5 page where residents view their own health records, served in-process with synthetic residents.

QtWebEngine may be imported **only** inside this package and only when the tab is first shown:
the feature adds its tab with the host's ``add_lazy_tab``, whose factory builds
:class:`ui.features.h5.preview.H5Preview`, whose phone screen (:mod:`ui.features.h5.screen`) is the
one place that imports the web view (a test scans ``ui/`` for it, and the start-up benchmark checks
that no QtWebEngine library is loaded at start).
The in-process H5 backend starts with the page and stops when the window closes or the
application quits.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.host.protocol import Feature, TabSpec, WindowHost

TAB = TabSpec("h5", str(QT_TRANSLATE_NOOP("MainWindow", "智桂通H5预览")))


def install(host: WindowHost) -> object:
    """Add the lazy tab; the preview, its web view and its backend are built when the tab opens."""
    from ui.features.h5.feature import H5Feature

    return H5Feature(host, TAB.id)


FEATURE = Feature("h5", install, tabs=(TAB,))
