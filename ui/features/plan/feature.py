"""The 密改方案 feature: the tab, 工具 → 价格表…, and the wiring to the host's signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog

from ui.features.plan.prices import PriceListDialog
from ui.features.plan.session import PlanSession
from ui.features.plan.tab import PlanTab
from ui.host.menus import make_action
from ui.host.protocol import WindowHost


class PlanFeature(QObject):
    """Adds the tab (id ``plan``) and the price list; follows the current case and its edits."""

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.session = PlanSession(host, self)
        self.tab = PlanTab(host, self.session, host.window())
        host.add_tab("plan", self.tab, ready=self.tab.wait_until_ready)
        self.prices_action = make_action(self, self.tr("价格表…"), self.edit_prices, None, "plan_prices")
        host.menu("tools").add_action(self.prices_action, "settings")
        host.case_changed.connect(self.session.open)
        host.controller.changed.connect(self.session.case_edited)
        self.session.open(host.current_case_id)

    @Slot()
    def edit_prices(self) -> PriceListDialog:
        """设置 → 价格表: edit, import or export the price list; saved (audited) on OK."""
        plan = self.session.plan
        types = sorted({p.type for i in plan.items for p in i.products}) if plan is not None else []
        dialog = PriceListDialog(self.session.prices, types, self.host.window())
        dialog.finished.connect(lambda code: self._prices_done(dialog, code))
        dialog.open()
        return dialog

    def _prices_done(self, dialog: PriceListDialog, code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dialog.prices != self.session.prices:
            self.session.save_prices(dialog.prices)
            self.host.status.show_message(self.tr("价格表已保存"), 5000)
