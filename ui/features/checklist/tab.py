"""The 测评检查表 tab: layers → units on the left, the unit's objects in the centre, the live score right."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QTreeView, QVBoxLayout, QWidget

from app.mipin.casework.session import FindHit
from app.mipin.explain import explain
from ui.casework.controller import CaseController
from ui.features.checklist.dialogs.explain import ExplainDialog
from ui.features.checklist.evidence_flow import EvidenceActions
from ui.features.checklist.models.evidence_table import EvidenceTableModel
from ui.features.checklist.models.object_table import COL_D, ObjectTableModel
from ui.features.checklist.models.procedure import ProcedureModel
from ui.features.checklist.models.unit_tree import UnitFilterProxy, UnitIdRole, UnitTreeModel
from ui.features.checklist.object_flow import ObjectActions
from ui.features.checklist.unit_flow import UnitActions
from ui.features.checklist.widgets.evidence_panel import EvidencePanel
from ui.features.checklist.widgets.score_panel import ScorePanel
from ui.features.checklist.widgets.unit_browser import UnitBrowser
from ui.features.checklist.widgets.unit_panel import UnitPanel
from ui.services import UiServices
from ui.widgets.keys import keep_alt_arrows_in


class ChecklistTab(QWidget):
    """The assessor's main working view of one case.

    Args:
        services: Store, settings, paths and runner.
        controller: The open case (shared with the 高风险判定 tab).
        state: UI state (last unit per case).
        parent: Parent widget.
    """

    status_message = Signal(str)
    tab_requested = Signal(str)

    def __init__(
        self,
        services: UiServices,
        controller: CaseController,
        state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_tab")
        self.services = services
        self.controller = controller
        self.state = state
        self.unit_id: str | None = None
        self.explain_dialog: ExplainDialog | None = None
        self.tree_model = UnitTreeModel(self)
        self.tree_proxy = UnitFilterProxy(self)
        self.tree_proxy.setSourceModel(self.tree_model)
        self.object_model = ObjectTableModel(controller.edit, self)
        self.procedure_model = ProcedureModel(controller.edit, self)
        self.evidence_model = EvidenceTableModel(controller.edit, self)
        self.evidence_panel = EvidencePanel(self.evidence_model, self)
        self.unit_panel = UnitPanel(self.object_model, self.procedure_model, self.evidence_panel, self)
        self.score_panel = ScorePanel(self)
        self.evidence = EvidenceActions(services, controller, self, state)
        self.objects = ObjectActions(controller, self)
        self.units = UnitActions(controller, self)
        self._build()
        self._wire()

    def _build(self) -> None:
        self.browser = UnitBrowser(self.tree_model, self.tree_proxy, self)
        self.filter_combo = self.browser.filter_combo
        self.tree = self.browser.tree
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("checklist_splitter")
        splitter.addWidget(self.browser)
        splitter.addWidget(self.unit_panel)
        splitter.addWidget(self.score_panel)
        splitter.setStretchFactor(1, 1)
        # Explicit minimums (below the size hints) so a small window still fits; the splitter
        # sizes below give the usual layout.
        for widget, minimum in ((self.browser, 180), (self.unit_panel, 320), (self.score_panel, 200)):
            widget.setMinimumWidth(minimum)
        splitter.setSizes([410, 750, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _wire(self) -> None:
        c = self.controller
        c.about_to_change_case.connect(self.unit_panel.record_editor.flush)
        c.commit_requested.connect(self.unit_panel.record_editor.flush)
        c.case_loaded.connect(self.on_controller_case_loaded)
        c.changed.connect(self.on_controller_changed)
        self.filter_combo.currentIndexChanged.connect(self.on_filter_combo_changed)
        self.tree.selectionModel().currentChanged.connect(self.on_tree_current_changed)
        self.object_model.refused.connect(self.status_message.emit)
        self.evidence_model.refused.connect(self.status_message.emit)
        panel = self.unit_panel
        panel.na_requested.connect(self.on_unit_panel_na_requested)
        panel.add_object_requested.connect(self.on_unit_panel_add_object_requested)
        panel.remove_object_requested.connect(self.on_unit_panel_remove_object_requested)
        panel.manage_objects_requested.connect(self.objects.manage)
        panel.explain_requested.connect(self.on_explain_requested)
        panel.result_selector.chosen.connect(self.on_result_selector_chosen)
        panel.record_editor.edit_requested.connect(c.edit)
        panel.record_editor.target_changed.connect(self.on_record_editor_target_changed)
        panel.table.current_object_changed.connect(self.on_table_current_object_changed)
        panel.table.evidence_requested.connect(self.on_table_evidence_requested)
        self.objects.object_added.connect(self.on_object_added)
        self.score_panel.explain_requested.connect(self.on_explain_requested)
        self.score_panel.risks_requested.connect(lambda: self.tab_requested.emit("risks"))
        ev = self.evidence_panel
        ev.attach_requested.connect(self.on_evidence_attach_requested)
        ev.delete_requested.connect(self.evidence.delete)
        ev.open_requested.connect(self.evidence.open_copy)
        ev.add_algorithms_requested.connect(self.evidence.add_algorithms)
        self.evidence.message.connect(self.status_message.emit)
        self.units.message.connect(self.status_message.emit)
        for keys, slot in (
            ("Alt+Down", lambda: self.step_unit(1)),
            ("Alt+Up", lambda: self.step_unit(-1)),
            ("F6", self.on_focus_shortcut),
            ("Insert", self.on_unit_panel_add_object_requested),
            ("Ctrl+E", lambda: self.on_evidence_attach_requested(self.evidence_panel.target_mode())),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        keep_alt_arrows_in(self)  # inside a combo box Alt+↑/↓ open and move in it, not to another unit

    # ------------------------------------------------------------------ case and refresh
    def wait_until_ready(self) -> None:
        """Everything is loaded synchronously; make sure a unit is shown (screenshots)."""
        if self.unit_id is None:
            self.on_controller_case_loaded()
        current = self.tree.currentIndex()
        if current.isValid():
            self.tree.scrollTo(current, QTreeView.ScrollHint.PositionAtCenter)

    @Slot()
    def on_controller_case_loaded(self) -> None:
        """A case was opened: show it and pick the unit to start with (showing it refreshes the rest)."""
        if self.explain_dialog is not None:  # its formulas are the previous case's
            self.explain_dialog.close()
            self.explain_dialog = None
        self.unit_id = None
        self.tree_model.refresh(self.controller.session, self.controller.result)
        self.tree.expandAll()
        self.select_unit(self._start_unit())

    def _start_unit(self) -> str | None:
        session, result = self.controller.session, self.controller.result
        if session is None:
            return None
        if self.state is not None:
            last = self.state.value(f"checklist/unit/{session.case_id}")
            if last and str(last) in self.tree_model.unit_ids():
                return str(last)
        ids = self.tree_model.unit_ids()
        for unit_id in ids:
            if result is not None and not result.unit(unit_id).tested and result.unit(unit_id).applicable:
                return unit_id
        for unit_id in ids:  # otherwise the busiest unfinished technical unit
            state = session.unit(unit_id)
            if state and len(state.objects) > 1 and result and result.unit(unit_id).verdict != "符合":
                return unit_id
        return ids[0] if ids else None

    @Slot()
    def on_controller_changed(self) -> None:
        """Repaint everything from the new score."""
        self.refresh()

    def refresh(self) -> None:
        """Update the tree, the unit panel, its models and the score panel."""
        session, result = self.controller.session, self.controller.result
        self.tree_model.refresh(session, result)
        self.unit_panel.show_unit(session, result, self.unit_id)
        changed = self.object_model.refresh(session, result, self.unit_id)
        self.unit_panel.table.fit_rows(changed)
        self.procedure_model.refresh(session, self.unit_id)
        current = self.unit_panel.table.current_object()
        self._show_evidence(current, [current] if current else self._object_names(self.unit_id))
        self.unit_panel.record_editor.refresh(session)
        self.score_panel.show_result(result, session.score_error if session else "")

    def _show_evidence(self, object_name: str | None, conflicts_of: list[str]) -> None:
        """The evidence page: ``object_name``'s items (or the unit's), the conflicts of ``conflicts_of``."""
        session = self.controller.session
        self.evidence_model.refresh(session, self.unit_id, object_name)
        self.evidence_panel.show_conflicts(session, self.unit_id, conflicts_of)
        # the certificate pane follows the table (a model reset does not report a new current row)
        self.evidence_panel.show_certificate(self.evidence_panel.current_record())
        self.unit_panel.bottom.setTabText(1, self.tr("证据（%1）").replace("%1", str(self.evidence_model.rowCount())))

    def _object_names(self, unit_id: str | None) -> list[str]:
        session = self.controller.session
        state = session.unit(unit_id) if session is not None and unit_id else None
        return [o.name for o in state.objects] if state else []

    def select_unit(self, unit_id: str | None, object_name: str | None = None) -> None:
        """Show ``unit_id`` (and make ``object_name`` current)."""
        if unit_id is not None:
            self.browser.make_current(unit_id)
        self._show_unit(unit_id)
        if object_name:
            self.unit_panel.table.select_object(object_name, COL_D)

    def _show_unit(self, unit_id: str | None) -> None:
        if unit_id == self.unit_id and unit_id is not None:
            return
        self.unit_panel.record_editor.flush()
        self.unit_id = unit_id
        session = self.controller.session
        if self.state is not None and session is not None and unit_id:
            self.state.setValue(f"checklist/unit/{session.case_id}", unit_id)
        self.refresh()
        names = self._object_names(unit_id)
        self.unit_panel.record_editor.show_unit(session, unit_id, names, None)
        self.evidence_panel.set_targets(unit_id, None)
        if names:
            self.unit_panel.table.set_current(self.unit_panel.proxy.index(0, COL_D))

    def step_unit(self, step: int) -> None:
        """Go to the next (1) or previous (-1) unit shown in the tree (Alt+↓ / Alt+↑)."""
        shown = self.browser.shown_units()
        if not shown:
            return
        position = shown.index(self.unit_id) + step if self.unit_id in shown else 0
        self.select_unit(shown[max(0, min(position, len(shown) - 1))])

    @Slot()
    def on_focus_shortcut(self) -> None:
        """F6: tree → objects (or result) → 结果记录 → tree."""
        panel = self.unit_panel
        main = panel.table if panel.stack.currentIndex() == 0 else panel.result_selector
        order = [self.tree, main, panel.record_editor.text]
        current = next((i for i, w in enumerate(order) if w.hasFocus() or w.isAncestorOf(self.focusWidget())), -1)
        target = order[(current + 1) % len(order)]
        if target is panel.record_editor.text:
            panel.bottom.setCurrentIndex(0)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(QModelIndex, QModelIndex)
    def on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the unit chosen in the tree."""
        unit_id = current.siblingAtColumn(0).data(UnitIdRole) if current.isValid() else None
        if unit_id:
            self._show_unit(str(unit_id))

    @Slot(int)
    def on_filter_combo_changed(self, _index: int) -> None:
        """Apply the filter to the tree and to the object table."""
        mode = str(self.filter_combo.currentData())
        self.tree_proxy.set_mode(mode)
        self.unit_panel.proxy.set_mode(mode)
        self.tree.expandAll()

    # ------------------------------------------------------------------ unit actions
    @Slot(bool)
    def on_unit_panel_na_requested(self, not_applicable: bool) -> None:
        """Mark the unit 不适用 (asking for the reason) or applicable again."""
        if self.unit_id is None:
            return
        self.units.set_not_applicable(self.unit_id, not_applicable)

    @Slot(str)
    def on_result_selector_chosen(self, result: str) -> None:
        """Set a management unit's result; 不适用 asks for the reason."""
        if self.unit_id is None:
            return
        if not self.units.set_result(self.unit_id, result):
            self.refresh()  # refused or cancelled: the radio buttons go back to the stored result

    @Slot()
    def on_unit_panel_add_object_requested(self) -> None:
        """Add objects to the unit."""
        if self.unit_id is not None:
            self.objects.add_to_unit(self.unit_id)

    @Slot(str)
    def on_object_added(self, name: str) -> None:
        """The new object's D cell takes the focus: 1/2/3 work at once."""
        table = self.unit_panel.table
        if table.select_object(name, COL_D):
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_unit_panel_remove_object_requested(self) -> None:
        """Take the current object out of the unit."""
        name = self.unit_panel.table.current_object()
        if self.unit_id and name:
            self.objects.remove_from_unit(self.unit_id, name)

    @Slot(str)
    def on_table_current_object_changed(self, name: str) -> None:
        """The record editor and the evidence page follow the current object."""
        self.unit_panel.record_editor.set_target(self.controller.session, name or None)
        self.evidence_panel.set_targets(self.unit_id, name or None)
        self._show_evidence(name or None, [name] if name else [])

    @Slot(str)
    def on_record_editor_target_changed(self, name: str) -> None:
        """Choosing an object in the record editor selects it in the table."""
        if name:
            self.unit_panel.table.select_object(name)
        else:
            self.unit_panel.record_editor.set_target(self.controller.session, None)

    @Slot(str)
    def on_table_evidence_requested(self, _name: str) -> None:
        """Show the evidence page."""
        self.unit_panel.bottom.setCurrentIndex(1)

    @Slot(str)
    def on_evidence_attach_requested(self, target: str) -> None:
        """Attach files to the current object or unit."""
        if self.unit_id is not None:
            self.evidence.attach(self.unit_id, self.unit_panel.table.current_object(), target)

    # ------------------------------------------------------------------ explain and find
    @Slot(str, str)
    def on_explain_requested(self, scope: str, key: str) -> None:
        """Show how a number was calculated."""
        result = self.controller.result
        if result is None:
            return
        titles = {"total": self.tr("总分"), "range": self.tr("得分范围")}
        dialog = ExplainDialog(titles.get(scope, key), explain(result, scope, key), self)
        self.explain_dialog = dialog
        dialog.show()

    def reveal(self, hit: FindHit) -> None:
        """Show a search match."""
        if hit.unit_id:
            self.select_unit(hit.unit_id, hit.object_name)
            if hit.where in ("结果记录", "单元结果记录"):
                self.unit_panel.bottom.setCurrentIndex(0)
            elif hit.where == "证据":
                self.unit_panel.bottom.setCurrentIndex(1)
