"""The 密改方案 feature: the tab, 设置 → 价格表, and the wiring to the host's signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog

from app.plan.costs import Price
from ui.features.plan.prices import PAGE_ID as PRICES_PAGE
from ui.features.plan.prices import PricesPage
from ui.features.plan.session import PlanSession
from ui.features.plan.tab import PlanTab
from ui.host.protocol import SettingsPageSpec, WindowHost


class PlanFeature(QObject):
    """Adds the tab (id ``plan``) and the price list; follows the current case and its edits."""

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.session = PlanSession(host, self)
        self.tab = PlanTab(host, self.session, host.window())
        host.add_tab("plan", self.tab, ready=self.tab.wait_until_ready)
        host.add_settings_page(SettingsPageSpec(PRICES_PAGE, self.tr("价格表"), self.prices_page))
        host.case_changed.connect(self.session.open)
        host.controller.changed.connect(self.session.case_edited)
        self.session.open(host.current_case_id)

    def prices_page(self) -> PricesPage:
        """The page 设置 → 价格表: the stored list, plus a row for each product type of the plan."""
        plan = self.session.plan
        types = sorted({p.type for i in plan.items for p in i.products}) if plan is not None else []
        return PricesPage(self.session.prices, types, self._save_prices)

    def _save_prices(self, prices: tuple[Price, ...]) -> bool:
        """The page's save: the session's typed edit (audited, undoable on the shared stack)."""
        if prices == self.session.prices:
            return True
        if not self.session.save_prices(prices):
            return False
        self.host.status.show_message(self.tr("价格表已保存"), 5000)
        return True

    @Slot()
    def edit_prices(self) -> QDialog:
        """Open 设置 at 价格表."""
        return self.host.open_settings(PRICES_PAGE)
