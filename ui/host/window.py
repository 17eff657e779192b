"""The main window: the case switcher, one slot per declared tab, the named menus, the status bar.

The window is the host of the features (:class:`ui.host.protocol.WindowHost`). It is built in
two steps so that it paints before anything slow happens: the constructor makes the frame (tab
bar, menus, status bar) from the declared tabs alone; :meth:`MainWindow.attach` then hands it the
services once the store is open, :meth:`install_features` lets every feature add itself, and
:meth:`show_cases` shows the case list and the first case. :mod:`ui.builder` does all of that.

The host's own menus and actions are made by :mod:`ui.host.standard_menus`; what the window keeps
between runs (geometry, last tab, last case) is read and written by :mod:`ui.host.window_state`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, overload

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QMainWindow, QTabWidget, QToolBar, QWidget

from app import APP_DISPLAY_NAME
from ui.crash import handle_error
from ui.host import window_state
from ui.host.menus import HostMenu, MenuBar
from ui.host.protocol import Feature, MenuSpec, SettingsPageSpec, TabSpec
from ui.host.standard_menus import StandardMenus
from ui.host.statusbar import StatusArea
from ui.host.tabs import TabSlot
from ui.models.case_list import CaseListModel

if TYPE_CHECKING:
    from app.mipin.cases import CaseSummary
    from app.mipin.casework.session import CaseSession
    from ui.casework.controller import CaseController
    from ui.services import UiServices

log = logging.getLogger(__name__)
_T = TypeVar("_T")


class MainWindow(QMainWindow):
    """The workbench's single main window and the host of its features.

    Args:
        state: Where UI state (geometry, last tab, last case, per-feature state) is kept.
        tabs: The tabs the features declare, in display order.
        menus: The menus the features declare (in front of the host's 帮助 by default).
        parent: Parent widget.
    """

    case_changed = Signal(object)
    started = Signal()
    loaded = Signal()
    """Emitted once the store is open, every feature is installed and the first case is shown."""
    load_failed = Signal(object)
    """Emitted with the exception when the store could not be opened or the start-up failed."""

    def __init__(
        self,
        state: QSettings,
        tabs: Sequence[TabSpec],
        menus: Sequence[MenuSpec] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._services: UiServices | None = None
        self._controller: CaseController | None = None
        self._features: dict[str, object] = {}
        self._settings_pages: list[SettingsPageSpec] = []
        self._preloaded: dict[int, CaseSession] = {}
        self._started = False
        self.is_loaded = False
        self.current_case_id: int | None = None
        self.persist_state = True
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setObjectName("main_window")

        self.case_model = CaseListModel(self)
        self.case_switcher = QComboBox(self)
        self.case_switcher.setObjectName("case_switcher")
        self.case_switcher.setModel(self.case_model)
        self.case_switcher.setMinimumWidth(420)
        self.case_switcher.setToolTip(self.tr("切换当前测评项目"))
        self.case_switcher.currentIndexChanged.connect(self.on_case_switcher_changed)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self._slots: list[TabSlot] = []
        for spec in tabs:
            if any(slot.spec.id == spec.id for slot in self._slots):
                raise ValueError(f"tab id {spec.id!r} is declared twice")
            slot = TabSlot(spec, self.tabs)
            self._slots.append(slot)
            self.tabs.addTab(slot, spec.display_title())
        self.setCentralWidget(self.tabs)

        self._build_toolbar()
        self.menus = MenuBar(self.menuBar())
        standard = self._standard_menus = StandardMenus(
            self, self.menus, self.tabs, [slot.spec.display_title() for slot in self._slots], self.open_settings
        )
        self.undo_action, self.redo_action = standard.undo_action, standard.redo_action
        self.settings_action, self.about_action = standard.settings_action, standard.about_action
        self._feature_menus = [self.menus.add(m.name, m.display_title(), before=m.before) for m in menus]
        for menu in self._feature_menus:
            menu.menu.menuAction().setEnabled(False)  # empty until its feature is installed
        self._status = StatusArea(self.statusBar())
        window_state.restore_geometry(self, state)
        self.show_tab(window_state.last_tab(state))

    # ------------------------------------------------------------------ WindowHost
    @property
    def services(self) -> UiServices:
        """The services (available once the store is open, before any feature is installed)."""
        if self._services is None:
            raise RuntimeError("the window has no services yet: the store is still being opened")
        return self._services

    @property
    def controller(self) -> CaseController:
        """The open case, shared by the case tabs."""
        if self._controller is None:
            raise RuntimeError("the window has no case controller yet: the store is still being opened")
        return self._controller

    @property
    def state(self) -> QSettings:
        """UI state kept between runs."""
        return self._state

    @property
    def status(self) -> StatusArea:
        """The status bar."""
        return self._status

    def current_case(self) -> CaseSummary | None:
        """The current case's summary, or None."""
        if self.current_case_id is None:
            return None
        return self.case_model.case_at(self.case_model.row_of(self.current_case_id))

    def menu(self, name: str) -> HostMenu:
        """A menu by name."""
        return self.menus.get(name)

    def add_tab(self, tab_id: str, widget: QWidget, *, ready: Callable[[], object] | None = None) -> None:
        """Put ``widget`` into the slot of the declared tab ``tab_id``."""
        self._declared_slot(tab_id).fill(widget, ready)

    def add_lazy_tab(
        self, tab_id: str, factory: Callable[[], QWidget], *, ready: Callable[[], object] | None = None
    ) -> None:
        """Fill the slot of ``tab_id`` with ``factory()`` when the tab is first shown (or asked for)."""
        self._declared_slot(tab_id).fill_later(factory, ready)

    def ensure_tab(self, tab_id: str) -> QWidget:
        """The widget of ``tab_id``, built now if its feature deferred it."""
        widget = self._declared_slot(tab_id).ensure_built()
        if widget is None:
            raise RuntimeError(f"tab {tab_id!r} has no content yet: its feature is not installed")
        return widget

    def _declared_slot(self, tab_id: str) -> TabSlot:
        slot = next((s for s in self._slots if s.spec.id == tab_id), None)
        if slot is None:
            raise KeyError(f"tab {tab_id!r} is not declared by any feature; declared: {', '.join(self.tab_ids())}")
        return slot

    def add_settings_page(self, spec: SettingsPageSpec) -> None:
        """Add a feature's page to 设置 (after the general page and the pages added before)."""
        from ui.dialogs.settings import GENERAL_PAGE

        if spec.id == GENERAL_PAGE or any(p.id == spec.id for p in self._settings_pages):
            raise ValueError(f"settings page id {spec.id!r} is taken")
        self._settings_pages.append(spec)

    def settings_page_ids(self) -> list[str]:
        """The ids of the pages of 设置, in order (the general page first)."""
        from ui.dialogs.settings import GENERAL_PAGE

        return [GENERAL_PAGE, *(p.id for p in self._settings_pages)]

    def open_settings(self, page_id: str | None = None) -> QDialog:
        """Open 设置 at ``page_id`` (window-modal, returns at once); returns the dialog."""
        from ui.dialogs.settings import GENERAL_PAGE, GeneralPage, PageEntry, SettingsDialog

        if page_id is not None and page_id not in self.settings_page_ids():
            raise KeyError(f"settings page {page_id!r} does not exist; pages: {', '.join(self.settings_page_ids())}")
        services = self.services
        general_page = GeneralPage(services.settings, services.secrets.backend_warning())
        general = PageEntry(GENERAL_PAGE, self.tr("常规"), general_page)
        entries = [general, *(PageEntry(p.id, p.title, p.factory()) for p in self._settings_pages)]
        dialog = SettingsDialog(entries, page_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @overload
    def feature(self, name: str) -> object: ...

    @overload
    def feature(self, name: str, kind: type[_T]) -> _T: ...

    def feature(self, name: str, kind: type[object] = object) -> object:
        """What the feature ``name`` returned from its ``install`` (checked to be a ``kind``)."""
        installed = self._features[name]
        if not isinstance(installed, kind):
            raise TypeError(f"feature {name!r} is a {type(installed).__name__}, not a {kind.__name__}")
        return installed

    # ------------------------------------------------------------------ construction
    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("测评项目"), self)
        bar.setObjectName("case_toolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr(" 当前测评项目："), self))
        bar.addWidget(self.case_switcher)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    # ------------------------------------------------------------------ start-up steps
    def attach(self, services: UiServices) -> None:
        """Take the services once the store is open; creates the case controller."""
        from ui.casework.controller import CaseController

        if self._services is not None:
            raise RuntimeError("attach() is called once")
        self._services = services
        controller = self._controller = CaseController(services, self)
        self._standard_menus.attach(services, controller.undo_stack)
        controller.write_failed.connect(lambda exc: handle_error(self, exc))
        controller.rejected.connect(lambda text: self.status.show_message(text, 8000))
        store = services.store
        where = str(store.db_file) if store.db_file else store.engine.url.render_as_string(hide_password=True)
        kind = "SQLite（WAL）" if store.dialect == "sqlite" else "PostgreSQL"
        self.status.set_store(self.tr("数据：%1 · %2").replace("%1", where).replace("%2", kind))

    def install_features(self, features: Sequence[Feature]) -> None:
        """Let every feature add its tabs, menus and actions (in order); each must fill its declared tabs."""
        for feature in features:
            if feature.name in self._features:
                raise ValueError(f"feature {feature.name!r} is installed twice")
            self._features[feature.name] = feature.install(self)
            missing = [t.id for t in feature.tabs if not self._slot(t.id).filled]
            if missing:
                raise RuntimeError(f"feature {feature.name!r} did not add its tabs {missing}")
        for menu in self._feature_menus:
            menu.menu.menuAction().setEnabled(True)

    def show_cases(
        self, cases: list[CaseSummary], select: int | None = None, session: CaseSession | None = None
    ) -> None:
        """Show the case list loaded at start-up and open ``select`` (``session``: loaded off the GUI thread)."""
        if session is not None:
            self._preloaded[session.case_id] = session
        self._set_cases(cases, select)
        self._preloaded.clear()
        self.is_loaded = True
        self.loaded.emit()

    def mark_load_failed(self, text: str) -> None:
        """Say in every tab still waiting for its feature that loading failed (the reason follows in a message)."""
        for slot in self._slots:
            if not slot.filled:
                slot.loading.setText(text)

    def start_session(self) -> None:
        """An interactive session begins: features start their timers (``started``)."""
        if not self._started:
            self._started = True
            self.started.emit()

    # ------------------------------------------------------------------ state
    def last_case(self) -> int | None:
        """The case shown when the window was last closed."""
        return window_state.last_case(self._state)

    def save_state(self) -> None:
        """Write geometry, last tab and last case to QSettings."""
        window_state.save_window_state(self, self._state, self.current_tab_id(), self.current_case_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep the UI state; every edit is already saved."""
        self.flush_edits()
        if self.persist_state:
            self.save_state()
        if self._services is not None:
            self._services.runner.wait(10_000)
        super().closeEvent(event)

    # ------------------------------------------------------------------ tabs
    def _slot(self, tab_id: str) -> TabSlot:
        return next(s for s in self._slots if s.spec.id == tab_id)

    def tab_ids(self) -> list[str]:
        """Ids of all tabs, in order."""
        return [slot.spec.id for slot in self._slots]

    def tab_names(self) -> list[str]:
        """Titles of all tabs, in order."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def tab_widget(self, tab_id: str) -> QWidget | None:
        """The widget a feature added for ``tab_id``, built now if deferred (None while it is loading)."""
        return self._slot(tab_id).ensure_built()

    def current_tab_id(self) -> str:
        """The stable id of the visible tab."""
        widget = self.tabs.currentWidget()
        return widget.spec.id if isinstance(widget, TabSlot) else ""

    def show_tab(self, name: str) -> bool:
        """Show the tab with this id or title (translated or not); returns False if there is none."""
        for index, slot in enumerate(self._slots):
            if name in (slot.spec.id, slot.spec.title, self.tabs.tabText(index)):
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def settle_current_tab(self) -> None:
        """Let the visible tab finish what it shows (a screenshot is taken next)."""
        widget = self.tabs.currentWidget()
        if isinstance(widget, TabSlot):
            widget.ensure_built()
            if widget.ready is not None:
                widget.ready()

    # ------------------------------------------------------------------ cases
    def reload_cases(self, select: int | None = None) -> None:
        """Reload the case list and show ``select`` (default: the current case) if it still exists, else the first."""
        from app.mipin.cases import list_cases

        self._set_cases(list_cases(self.services.store), select)

    def _set_cases(self, cases: list[CaseSummary], select: int | None) -> None:
        keep = select if select is not None else self.current_case_id
        self.case_switcher.blockSignals(True)
        self.case_model.set_cases(cases)
        row = self.case_model.row_of(keep) if keep is not None else -1
        self.case_switcher.setCurrentIndex(row if row >= 0 else (0 if cases else -1))
        self.case_switcher.blockSignals(False)
        self.on_case_switcher_changed(self.case_switcher.currentIndex())  # once, whether the row changed or not

    def select_case(self, case_id: int) -> bool:
        """Make ``case_id`` the current case; returns False if it is not in the list."""
        row = self.case_model.row_of(case_id)
        if row < 0:
            return False
        self.case_switcher.setCurrentIndex(row)
        return True

    @Slot(int)
    def on_case_switcher_changed(self, row: int) -> None:
        """Open the chosen case and tell the features."""
        summary = self.case_model.case_at(row)
        case_id = summary.id if summary else None
        if case_id == self.current_case_id and row >= 0 and self.sender() is self.case_switcher:
            return
        self.current_case_id = case_id
        if self._controller is not None:
            self._controller.open_case(case_id, session=self._preloaded.get(case_id) if case_id else None)
        self.setWindowTitle(f"{summary.system_name} — {APP_DISPLAY_NAME}" if summary else APP_DISPLAY_NAME)
        self.case_changed.emit(case_id)

    def flush_edits(self) -> None:
        """Commit text still being typed and wait until every edit is written."""
        if self._controller is not None:
            self._controller.flush()

    def actions_by_name(self) -> dict[str, QAction]:
        """Every named action of the window (tests and the self-check look actions up by name)."""
        return {a.objectName(): a for a in self.findChildren(QAction) if a.objectName()}
