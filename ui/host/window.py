"""The main window: case switcher, the five tabs, menus with standard shortcuts, status bar."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from app import APP_DISPLAY_NAME
from app.core.errors import InputError, InputErrors, WorkbenchError
from app.mipin import cases as case_repo
from ui.casework.controller import CaseController, header_of, header_update
from ui.crash import handle_error
from ui.dialogs.about import AboutDialog
from ui.dialogs.settings import SettingsDialog
from ui.features.cases.case_list import CaseListDialog
from ui.features.cases.new_case import NewCaseDialog
from ui.features.checklist.dialogs.find import FindDialog
from ui.features.checklist.tab import ChecklistTab
from ui.features.risks.tab import RisksTab
from ui.models.case_list import CaseListModel
from ui.services import UiServices
from ui.tabs.base import WorkbenchTab
from ui.tabs.registry import build_tabs

log = logging.getLogger(__name__)

_FALLBACK_KEYS = {
    QKeySequence.StandardKey.Open: "Ctrl+O",
    QKeySequence.StandardKey.SaveAs: "Ctrl+Shift+S",
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Preferences: "Ctrl+,",
    QKeySequence.StandardKey.HelpContents: "F1",
    QKeySequence.StandardKey.New: "Ctrl+N",
    QKeySequence.StandardKey.Undo: "Ctrl+Z",
    QKeySequence.StandardKey.Redo: "Ctrl+Shift+Z",
    QKeySequence.StandardKey.Find: "Ctrl+F",
    QKeySequence.StandardKey.Print: "Ctrl+P",
}


class MainWindow(QMainWindow):
    """The workbench's single main window.

    Args:
        services: The services built by the composition root.
        state: Where UI state (geometry, last tab, last case) is kept.
        parent: Parent widget.
    """

    case_changed = Signal(object)

    def __init__(self, services: UiServices, state: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.state = state
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setObjectName("main_window")
        self.current_case_id: int | None = None
        self.persist_state = True

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
        # The open case with its undo stack, shared by the 测评检查表 and 高风险判定 tabs.
        self.case_controller = CaseController(services, self)
        self.tab_widgets: list[WorkbenchTab] = build_tabs(services, self, self.case_controller, state)
        for tab in self.tab_widgets:
            self.tabs.addTab(tab, tab.title())
        self.setCentralWidget(self.tabs)

        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._wire_casework()
        self.reload_cases(select=self._last_case())  # opens (and scores) only the case that is shown
        self._restore_state()
        from ui.features.reports.actions import install_report_actions

        install_report_actions(self)
        from ui.features.backups.dialog import install_backup_actions
        from ui.features.packages.actions import install_package_actions

        install_backup_actions(self)
        install_package_actions(self)

    # ------------------------------------------------------------------ construction
    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("测评项目"), self)
        bar.setObjectName("case_toolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr(" 当前测评项目："), self))
        bar.addWidget(self.case_switcher)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence.StandardKey | str | None = None, name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            # Platform themes define the standard keys; without one (offscreen, minimal WMs)
            # they are empty, so fall back to the common desktop binding.
            sequence = QKeySequence(shortcut)
            action.setShortcut(sequence if not sequence.isEmpty() else QKeySequence(_FALLBACK_KEYS.get(shortcut, "")))
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = file_menu = menu.addMenu(self.tr("文件(&F)"))
        self.new_case_action = self._action(
            self.tr("新建测评项目…"), self.on_new_case_triggered, QKeySequence.StandardKey.New, "new_case"
        )
        self.case_list_action = self._action(
            self.tr("测评项目列表…"), self.on_case_list_triggered, "Ctrl+Shift+O", "case_list"
        )
        file_menu.addAction(self.new_case_action)
        self.edit_case_action = self._action(self.tr("测评项目信息…"), self.on_edit_case_triggered, None, "edit_case")
        file_menu.addAction(self.case_list_action)
        file_menu.addAction(self.edit_case_action)
        file_menu.addSeparator()
        self.import_action = self._action(
            self.tr("导入测评项目（mipin-case/1）…"),
            self.on_import_triggered,
            QKeySequence.StandardKey.Open,
            "import_case",
        )
        self.export_action = self._action(
            self.tr("导出测评项目（mipin-case/1）…"),
            self.on_export_triggered,
            QKeySequence.StandardKey.SaveAs,
            "export_case",
        )
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        self.quit_separator = file_menu.addSeparator()  # more file actions go above it
        file_menu.addAction(self._action(self.tr("退出"), self.close, QKeySequence.StandardKey.Quit, "quit"))

        self.edit_menu = menu.addMenu(self.tr("编辑(&E)"))
        stack = self.case_controller.undo_stack
        self.undo_action = self._action(self.tr("撤销"), stack.undo, QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = self._action(self.tr("重做"), stack.redo, QKeySequence.StandardKey.Redo, "redo")
        self.find_action = self._action(self.tr("查找…"), self.on_find_triggered, QKeySequence.StandardKey.Find, "find")
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda text: self.undo_action.setText(self.tr("撤销 %1").replace("%1", text)))
        stack.redoTextChanged.connect(lambda text: self.redo_action.setText(self.tr("重做 %1").replace("%1", text)))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        for action in (self.undo_action, self.redo_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        view_menu = menu.addMenu(self.tr("视图(&V)"))
        for index, tab in enumerate(self.tab_widgets):
            view_menu.addAction(
                self._action(tab.title(), lambda _=False, i=index: self.tabs.setCurrentIndex(i), f"Ctrl+{index + 1}")
            )
        self.tools_menu = tools_menu = menu.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(
            self._action(self.tr("设置…"), self.on_settings_triggered, QKeySequence.StandardKey.Preferences, "settings")
        )
        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(
            self._action(self.tr("关于"), self.on_about_triggered, QKeySequence.StandardKey.HelpContents, "about")
        )

    def _build_status_bar(self) -> None:
        store = self.services.store
        where = str(store.db_file) if store.db_file else store.engine.url.render_as_string(hide_password=True)
        kind = "SQLite（WAL）" if store.dialect == "sqlite" else "PostgreSQL"
        self.store_label = QLabel(self.tr("数据：%1 · %2").replace("%1", where).replace("%2", kind), self)
        self.store_label.setObjectName("store_label")
        self.statusBar().addPermanentWidget(self.store_label)
        self.statusBar().showMessage(self.tr("就绪，所有修改自动保存"), 5000)

    def _wire_casework(self) -> None:
        controller = self.case_controller
        controller.write_failed.connect(lambda exc: handle_error(self, exc))
        controller.rejected.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.find_dialog: FindDialog | None = None
        for tab in self.tab_widgets:
            if isinstance(tab, ChecklistTab):
                self.checklist_tab = tab
                tab.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
                tab.tab_requested.connect(self.show_tab)
            elif isinstance(tab, RisksTab):
                tab.unit_requested.connect(self.on_risks_unit_requested)

    # ------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        geometry = self.state.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        window_state = self.state.value("main/state")
        if isinstance(window_state, QByteArray):
            self.restoreState(window_state)
        last_tab = self.state.value("main/last_tab", "checklist")
        self.show_tab(str(last_tab))

    def _last_case(self) -> int | None:
        last_case = self.state.value("main/last_case")
        return None if last_case is None else int(str(last_case))

    def save_state(self) -> None:
        """Write geometry, last tab and last case to QSettings."""
        self.state.setValue("main/geometry", self.saveGeometry())
        self.state.setValue("main/state", self.saveState())
        self.state.setValue("main/last_tab", self.current_tab_id())
        if self.current_case_id is not None:
            self.state.setValue("main/last_case", self.current_case_id)
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep the UI state; every edit is already saved."""
        self.flush_edits()
        if self.persist_state:
            self.save_state()
        self.services.runner.wait(10_000)
        super().closeEvent(event)

    # ------------------------------------------------------------------ tabs and cases
    def current_tab_id(self) -> str:
        """The stable id of the visible tab."""
        widget = self.tabs.currentWidget()
        return widget.TAB_ID if isinstance(widget, WorkbenchTab) else ""

    def show_tab(self, name: str) -> bool:
        """Show the tab with this id or (Chinese) title; returns False if there is none."""
        for index, tab in enumerate(self.tab_widgets):
            if name in (tab.TAB_ID, tab.title()):
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def tab_names(self) -> list[str]:
        """Titles of all tabs, in order."""
        return [tab.title() for tab in self.tab_widgets]

    def reload_cases(self, select: int | None = None) -> None:
        """Reload the case list and show ``select`` (default: the current case) if it still exists, else the first."""
        keep = select if select is not None else self.current_case_id
        cases = case_repo.list_cases(self.services.store)
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
        """Tell every tab which case is now current."""
        summary = self.case_model.case_at(row)
        case_id = summary.id if summary else None
        if case_id == self.current_case_id and row >= 0 and self.sender() is self.case_switcher:
            return
        self.current_case_id = case_id
        for tab in self.tab_widgets:
            tab.set_case(case_id)
        if summary:
            self.setWindowTitle(f"{summary.system_name} — {APP_DISPLAY_NAME}")
        self.case_changed.emit(case_id)

    def flush_edits(self) -> None:
        """Commit text still being typed and wait until every edit is written."""
        self.checklist_tab.unit_panel.record_editor.flush()
        self.services.runner.wait(30_000)

    # ------------------------------------------------------------------ case work
    @Slot()
    def on_new_case_triggered(self) -> None:
        """Create a case with the new-case dialog and open it."""
        settings = self.services.settings
        dialog = NewCaseDialog(settings.get("assessor_org"), settings.get("default_threshold"), parent=self)
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted:
            return
        header, store = dialog.header(), self.services.store

        def created(case_id: object) -> None:
            self.reload_cases(select=int(str(case_id)))
            self.show_tab("checklist")
            self.statusBar().showMessage(self.tr("已新建：%1").replace("%1", header.system_name), 5000)

        self.services.runner.run(
            lambda: case_repo.create_case(store, header),
            on_success=created,
            on_error=lambda exc: handle_error(self, exc),
            writer=True,
        )

    @Slot()
    def on_case_list_triggered(self) -> None:
        """Show the case list (open, duplicate, archive, delete)."""
        self.flush_edits()
        dialog = CaseListDialog(self.services, self.current_case_id, self)
        dialog.open_requested.connect(self.on_case_list_open_requested)
        dialog.cases_changed.connect(self.on_case_list_cases_changed)
        dialog.failed.connect(lambda exc: handle_error(dialog, exc))
        dialog.exec()

    @Slot()
    def on_edit_case_triggered(self) -> None:
        """Edit the open case's header (system, client, report no., dates) as one undoable edit."""
        session = self.case_controller.session
        if session is None:
            return
        dialog = NewCaseDialog(initial=header_of(session), parent=self)
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted:
            return
        op = header_update(session, dialog.header())
        if op is not None and self.case_controller.edit(op, self.tr("修改测评项目信息")):
            self.reload_cases()

    @Slot(int)
    def on_case_list_open_requested(self, case_id: int) -> None:
        """Open the case chosen in the list."""
        self.reload_cases(select=case_id)

    @Slot()
    def on_case_list_cases_changed(self) -> None:
        """Cases were added, archived or deleted."""
        self.reload_cases()

    @Slot()
    def on_find_triggered(self) -> None:
        """Find text anywhere in the open case."""
        if self.find_dialog is None:
            controller = self.case_controller
            self.find_dialog = FindDialog(
                lambda text: controller.session.find(text) if controller.session else [], self
            )
            self.find_dialog.hit_activated.connect(self.on_find_hit_activated)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.query.setFocus()
        self.find_dialog.query.selectAll()

    @Slot(object)
    def on_find_hit_activated(self, hit: object) -> None:
        """Show a search match in the 测评检查表."""
        self.show_tab("checklist")
        self.checklist_tab.reveal(hit)  # type: ignore[arg-type]

    @Slot(str, str)
    def on_risks_unit_requested(self, unit_id: str, object_name: str) -> None:
        """Show a high risk's unit and object in the 测评检查表."""
        self.show_tab("checklist")
        self.checklist_tab.select_unit(unit_id, object_name or None)

    # ------------------------------------------------------------------ actions
    @Slot()
    def on_about_triggered(self) -> None:
        """Show the About dialog."""
        AboutDialog(self.services, self).exec()

    @Slot()
    def on_settings_triggered(self) -> None:
        """Show the Settings dialog."""
        SettingsDialog(self.services.settings, self.services.secrets.backend_warning(), self).exec()

    @Slot()
    def on_import_triggered(self) -> None:
        """Import a mipin-case/1 file; every error is listed and nothing is imported on error."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入测评项目"), "", self.tr("密评项目 (*.json)"))
        if path:
            self.import_case_file(Path(path))

    def import_case_file(self, path: Path) -> int | None:
        """Import ``path`` and select the new case; returns its id, or None after showing the errors."""
        from app.mipin.engine import read_json_file

        try:
            data = read_json_file(path)  # strict: duplicate keys, NaN and deep nesting are refused
            case_id = case_repo.import_case(self.services.store, data)
        except InputErrors as exc:
            lines = "\n".join(str(e) for e in exc.errors[:50])
            more = "" if len(exc.errors) <= 50 else self.tr("\n……共 %1 处错误").replace("%1", str(len(exc.errors)))
            QMessageBox.warning(self, self.tr("导入失败，未导入任何内容"), lines + more)
            return None
        except (InputError, WorkbenchError, OSError) as exc:
            QMessageBox.warning(self, self.tr("导入失败，未导入任何内容"), str(exc))
            return None
        self.reload_cases(select=case_id)
        self.statusBar().showMessage(self.tr("已导入：%1").replace("%1", path.name), 5000)
        return case_id

    @Slot()
    def on_export_triggered(self) -> None:
        """Export the current case as mipin-case/1 JSON."""
        if self.current_case_id is None:
            return
        self.flush_edits()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出测评项目"), "case.json", self.tr("密评项目 (*.json)"))
        if not path:
            return
        store, case_id = self.services.store, self.current_case_id

        def export() -> None:
            data = case_repo.export_case(store, case_id)
            Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

        self.services.runner.run(
            export,
            on_success=lambda _result: self.statusBar().showMessage(self.tr("已导出：%1").replace("%1", path), 5000),
            # shown as a message (expected) or routed to the crash dialog (bug)
            on_error=lambda exc: handle_error(self, exc),
        )
