"""The 密改方案 feature: the tab, 设置 → 价格表, and the wiring to the host's signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog

from ui.features.plan.session import PlanSession
from ui.host.protocol import SettingsPageSpec, WindowHost

if TYPE_CHECKING:
    from app.plan.costs import Price
    from ui.features.plan.prices import PricesPage
    from ui.features.plan.tab import PlanTab

PRICES_PAGE = "prices"
"""The id of 设置 → 价格表 (``ui.features.plan.prices.PAGE_ID``, not imported at start-up)."""


class PlanFeature(QObject):
    """Adds the tab (id ``plan``) and the price list; follows the current case and its edits."""

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.session = PlanSession(host, self)
        # The tab (its tables, the what-if and 最省方案 with HiGHS) is built when first shown.
        host.add_lazy_tab("plan", self._build_tab, ready=self._settle)
        host.add_settings_page(SettingsPageSpec(PRICES_PAGE, self.tr("价格表"), self.prices_page))
        host.case_changed.connect(self.session.open)
        host.controller.changed.connect(self.session.case_edited)
        self.session.open(host.current_case_id)

    @property
    def tab(self) -> PlanTab:
        """The tab (built now if it was never shown)."""
        return cast("PlanTab", self.host.ensure_tab("plan"))

    def _settle(self) -> None:
        self.tab.wait_until_ready()

    def _build_tab(self) -> PlanTab:
        from ui.features.plan.tab import PlanTab

        tab = PlanTab(self.host, self.session, self.host.window())
        self.session.activate()  # loads the open case's plan; the tab repaints when it is in
        tab.refresh()
        return tab

    def prices_page(self) -> PricesPage:
        """The page 设置 → 价格表: the stored list, plus a row for each product type of the plan."""
        from ui.features.plan.prices import PricesPage

        self.session.activate(now=True)  # the page shows the stored list: never an empty one still loading
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
