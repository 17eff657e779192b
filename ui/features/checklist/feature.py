"""The 测评检查表 feature: its tab, 编辑 → 查找… (Ctrl+F), and showing a unit another view asks for."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence

from app.mipin.casework.session import FindHit
from ui.features.checklist.dialogs.find import FindDialog
from ui.features.checklist.tab import ChecklistTab
from ui.host.menus import make_action
from ui.host.protocol import WindowHost

TAB_ID = "checklist"


class ChecklistFeature(QObject):
    """Installs the 测评检查表 into ``host``.

    Args:
        host: The window.
    """

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        controller = host.controller
        self.tab = ChecklistTab(host.services, controller, host.state, host.window())
        host.add_tab(TAB_ID, self.tab, ready=self.tab.wait_until_ready)
        self.tab.status_message.connect(lambda text: host.status.show_message(text, 8000))
        self.tab.tab_requested.connect(host.show_tab)
        controller.reveal_requested.connect(self.on_reveal_requested)
        controller.case_loaded.connect(self.on_controller_case_loaded)
        self.find_dialog: FindDialog | None = None
        self.find_action = make_action(
            self, self.tr("查找…"), self.on_find_triggered, QKeySequence.StandardKey.Find, "find"
        )
        host.menu("edit").add_action(self.find_action, "find")

    @Slot()
    def on_find_triggered(self) -> None:
        """Find text anywhere in the open case."""
        if self.find_dialog is None:
            controller = self.host.controller
            self.find_dialog = FindDialog(
                lambda text: controller.session.find(text) if controller.session else [], self.host.window()
            )
            self.find_dialog.hit_activated.connect(self.on_find_hit_activated)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.query.setFocus()
        self.find_dialog.query.selectAll()

    @Slot()
    def on_controller_case_loaded(self) -> None:
        """The find dialog searches the case now open (its hits were the previous case's)."""
        if self.find_dialog is not None:
            self.find_dialog.run_search()

    @Slot(object)
    def on_find_hit_activated(self, hit: object) -> None:
        """Show a search match in the 测评检查表."""
        if isinstance(hit, FindHit):
            self.host.show_tab(TAB_ID)
            self.tab.reveal(hit)

    @Slot(str, str)
    def on_reveal_requested(self, unit_id: str, object_name: str) -> None:
        """Show a unit (and object) another view asked for, e.g. a high risk's."""
        self.host.show_tab(TAB_ID)
        self.tab.select_unit(unit_id, object_name or None)
