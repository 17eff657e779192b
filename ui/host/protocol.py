"""What a feature sees of the window (:class:`WindowHost`) and how a feature declares itself (:class:`Feature`).

A feature is a package under ``ui/features/`` whose ``__init__`` declares ``FEATURE`` (its name,
its tabs and an ``install`` function). The host calls ``install(host)`` once, on the GUI thread,
after the store is open; the feature adds its tabs, menus and actions through the host and keeps
its own objects. Features never import the window (``ui.host.window``) or each other; import-linter
contracts in ``pyproject.toml`` prove both. See ``docs/ui-host.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QSettings, SignalInstance
from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from app.mipin.cases import CaseSummary
    from ui.casework.controller import CaseController
    from ui.dialogs.settings_page import SettingsPage
    from ui.host.menus import HostMenu
    from ui.host.statusbar import StatusArea
    from ui.services import UiServices

TITLE_CONTEXT = "MainWindow"
"""The translation context of tab titles (declared with ``QT_TRANSLATE_NOOP("MainWindow", …)``)."""


@dataclass(frozen=True)
class TabSpec:
    """A tab a feature adds to the main window.

    Attributes:
        id: Stable English id: ``--tab``, QSettings (last tab) and ``host.show_tab`` use it.
        title: The Chinese source text of the title, marked with ``QT_TRANSLATE_NOOP("MainWindow", …)``.
    """

    id: str
    title: str

    def display_title(self) -> str:
        """The title in the interface language."""
        return QCoreApplication.translate(TITLE_CONTEXT, self.title)


@dataclass(frozen=True)
class MenuSpec:
    """A menu of its own a feature adds to the menu bar (drawn, disabled, at the first paint).

    Attributes:
        name: The name ``host.menu(name)`` finds it by.
        title: The Chinese source text of the title, marked with ``QT_TRANSLATE_NOOP("MainWindow", …)``.
        before: The menu it goes in front of.
    """

    name: str
    title: str
    before: str = "help"

    def display_title(self) -> str:
        """The title in the interface language."""
        return QCoreApplication.translate(TITLE_CONTEXT, self.title)


@dataclass(frozen=True)
class SettingsPageSpec:
    """A page a feature adds to 设置 (``host.add_settings_page`` in its ``install``).

    Attributes:
        id: Stable English id: ``host.open_settings(id)`` opens 设置 at this page.
        title: The title in the page list, in the interface language (``self.tr(…)``).
        factory: Makes the page (a :class:`ui.dialogs.settings_page.SettingsPage`, without a
            parent: the dialog takes it). It is called each time 设置 opens, so the page shows
            the stored values of that moment; it may close over the feature's objects.
    """

    id: str
    title: str
    factory: Callable[[], SettingsPage]


@dataclass(frozen=True)
class Feature:
    """One feature of the main window, declared in its package's ``__init__`` as ``FEATURE``.

    Attributes:
        name: Stable id of the feature (``host.feature(name)`` returns what ``install`` returned).
        install: Called once with the host, on the GUI thread, after the store is open. It adds the
            feature's tabs (every one in ``tabs``), menus and actions, and returns the feature's
            object (kept alive by the host). Import the feature's modules inside it, so that the
            window paints before they are loaded.
        tabs: The tabs it adds, in display order. They are known before ``install`` runs: the tab
            bar is drawn from them at the first paint, and ``--tab``, the self-check and
            ``workbench screenshot`` read them.
        menus: Menus of its own (the menu bar is complete at the first paint; ``install`` fills
            them through ``host.menu(name)``).
    """

    name: str
    install: Callable[[WindowHost], object]
    tabs: tuple[TabSpec, ...] = ()
    menus: tuple[MenuSpec, ...] = ()


class WindowHost(Protocol):
    """The window as a feature sees it; :class:`ui.host.window.MainWindow` implements it.

    Everything here is used on the GUI thread only. Long work goes through ``services.runner``
    (see ``docs/ui-host.md``, threading rules).
    """

    @property
    def services(self) -> UiServices:
        """The store, settings, secrets, paths and the task runner (built once by the builder)."""
        ...

    @property
    def controller(self) -> CaseController:
        """The open 密评 case with its undo stack and its writes (shared by the case tabs)."""
        ...

    @property
    def state(self) -> QSettings:
        """UI state kept between runs (keys ``<feature>/…``; never preferences or data)."""
        ...

    @property
    def status(self) -> StatusArea:
        """The status bar: transient messages and persistent warnings."""
        ...

    @property
    def case_changed(self) -> SignalInstance:
        """Emitted with the new current case id (or None) after the controller opened it."""
        ...

    @property
    def started(self) -> SignalInstance:
        """Emitted once when an interactive session starts (not for screenshots and tests): start timers."""
        ...

    @property
    def current_case_id(self) -> int | None:
        """The case chosen in the case switcher, or None."""
        ...

    def current_case(self) -> CaseSummary | None:
        """The summary (name, level, …) of the current case, or None."""
        ...

    def menu(self, name: str) -> HostMenu:
        """A menu by name: ``file``, ``edit``, ``view``, ``tools``, ``help`` or one a feature declared."""
        ...

    def add_tab(self, tab_id: str, widget: QWidget, *, ready: Callable[[], object] | None = None) -> None:
        """Fill the slot of a declared tab with ``widget``; ``ready`` settles it for a screenshot."""
        ...

    def add_lazy_tab(
        self, tab_id: str, factory: Callable[[], QWidget], *, ready: Callable[[], object] | None = None
    ) -> None:
        """Fill the slot of a declared tab with ``factory()`` the first time the tab is shown.

        A tab nobody opens then costs nothing at start-up (its modules are imported in
        ``factory``). ``ensure_tab`` (menu actions, settings pages, tests) and a screenshot of the
        tab build it too; the tab shown at start-up is built at once.
        """
        ...

    def ensure_tab(self, tab_id: str) -> QWidget:
        """The widget of a tab this feature added, built now if it was added with ``add_lazy_tab``."""
        ...

    def show_tab(self, name: str) -> bool:
        """Show the tab with this id or title; False if there is none."""
        ...

    def add_settings_page(self, spec: SettingsPageSpec) -> None:
        """Add a page to 设置, after the general page and the pages of the features installed before."""
        ...

    def open_settings(self, page_id: str | None = None) -> QDialog:
        """Open 设置 (window-modal, not blocking) at ``page_id`` (default: the general page); returns it.

        Raises:
            KeyError: No page has this id.
        """
        ...

    def reload_cases(self, select: int | None = None) -> None:
        """Re-read the case list and show ``select`` (default: the current case, else the first)."""
        ...

    def select_case(self, case_id: int) -> bool:
        """Make ``case_id`` the current case; False if it is not in the list."""
        ...

    def flush_edits(self) -> None:
        """Commit text still being typed and wait until every edit is written (before exports)."""
        ...

    def window(self) -> QWidget:
        """The top-level window: the parent of a feature's dialogs."""
        ...


def tab_specs(features: Sequence[Feature]) -> list[TabSpec]:
    """Every tab of ``features``, in display order."""
    return [tab for feature in features for tab in feature.tabs]


def menu_specs(features: Sequence[Feature]) -> list[MenuSpec]:
    """Every menu the features declare, in order."""
    return [menu for feature in features for menu in feature.menus]
