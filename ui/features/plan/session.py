"""The open case's 密改方案 in the tab: its plan, the price list, typed edits with undo, writes.

An edit (:mod:`app.plan.edits`) is applied to the in-memory plan at once and pushed onto the
case controller's undo stack (编辑 → 撤销 undoes plan and case edits alike); the same edit is
written on the runner's writer thread through :func:`app.plan.edits.write_plan_edit`. If a write
fails, the plan is reloaded from the store (the truth) and the error is shown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core.edits import apply_edit
from app.core.errors import InputError
from app.mipin.engine import CaseInput
from app.plan.costs import Price, item_costs
from app.plan.edits import PlanCommand, PlanState, write_plan_edit
from app.plan.model import Plan
from app.plan.priceedits import PriceCommand, PriceState, SetPrices
from ui.casework.undo import AppliedEditCommand
from ui.host.protocol import WindowHost

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """What the loader returns (off the GUI thread): the case, its plan (or None), the price list."""

    case_id: int
    case: CaseInput
    plan: Plan | None
    prices: tuple[Price, ...]


def load(store: object, case_id: int) -> Loaded:
    """Read a case's plan and the price list (runs on a worker)."""
    from app.plan.repository import load_plan, load_prices

    case, plan = load_plan(store, case_id)  # type: ignore[arg-type]
    return Loaded(case_id, case, plan, load_prices(store))  # type: ignore[arg-type]


class PlanUndoCommand(AppliedEditCommand[PlanCommand]):
    """One plan edit on the shared undo stack: ``op`` forwards, ``inverse`` backwards."""

    def __init__(self, session: PlanSession, op: PlanCommand, inverse: PlanCommand, text: str) -> None:
        super().__init__(op, inverse, text)
        self.session = session

    def write(self, op: PlanCommand) -> None:
        """Write the plan edit."""
        self.session.write(op)

    def apply(self, op: PlanCommand) -> PlanCommand:
        """Apply and write the plan edit."""
        return self.session.apply(op)


class PlanSession(QObject):
    """The plan of the current case, as the tab shows and edits it.

    Signals:
        loaded: A case (and its plan) was loaded.
        changed: The plan or the case changed (views repaint, the what-if is recomputed).
        rejected: An edit was refused (the message names the field).
    """

    loaded = Signal()
    changed = Signal()
    rejected = Signal(str)

    def __init__(self, host: WindowHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.case_id: int | None = None
        self.case: CaseInput | None = None
        self.state: PlanState | None = None
        self.prices: tuple[Price, ...] = ()
        self.active = False
        """Whether the plan is loaded for each case opened (from the first time anything needs it)."""
        self._pending = 0

    # ------------------------------------------------------------------ reading
    @property
    def plan(self) -> Plan | None:
        """The plan (None: the case has none yet)."""
        return self.state.plan if self.state is not None else None

    def price_map(self) -> dict[str, Price]:
        """The price list by product type."""
        return {p.product_type: p for p in self.prices}

    def costs(self) -> dict[str, Decimal | None]:
        """Every item's effective cost (None: unknown)."""
        return item_costs(self.plan.items, self.price_map()) if self.plan is not None else {}

    def activate(self, *, now: bool = False) -> None:
        """Start following the open case: load its plan (``now``: on this thread, before returning).

        Until something needs the plan (the tab is built, 设置 → 价格表 opens), opening a case
        loads nothing: reading the case a second time for a tab nobody looks at would slow down
        every case switch.
        """
        if self.active:
            return
        self.active = True
        if now and self.case_id is not None:
            self._on_loaded(load(self.host.services.store, self.case_id))
        else:
            self.open(self.case_id)

    def open(self, case_id: int | None) -> None:
        """Load ``case_id``'s plan in the background (None: no case); only remembered while inactive."""
        self.case_id, self.case, self.state = case_id, None, None
        if not self.active:
            return
        if case_id is None:
            self.loaded.emit()
            return
        store = self.host.services.store
        self.host.services.runner.run(
            lambda: load(store, case_id), on_success=self._on_loaded, on_error=self._on_load_failed
        )

    def reload(self) -> None:
        """Read the plan again from the store (after a failed write)."""
        self.open(self.case_id)

    def _on_loaded(self, result: object) -> None:
        if not isinstance(result, Loaded) or result.case_id != self.case_id:
            return  # another case was opened meanwhile
        self.case = self._live_case() or result.case
        self.state = PlanState(result.plan) if result.plan is not None else None
        self.prices = result.prices
        self.loaded.emit()
        self.changed.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        from ui.crash import handle_error

        handle_error(self.host.window(), exc)

    def _live_case(self) -> CaseInput | None:
        """The case as the 测评检查表 holds it now (unsaved edits included), if it is this case."""
        session = self.host.controller.session
        if session is None or session.case_id != self.case_id:
            return None
        return session.case_input()

    def case_edited(self) -> None:
        """The assessment changed (测评检查表, 高风险判定): the what-if follows it."""
        if not self.active:
            return  # nothing shows the plan yet: activating reads the live case then
        live = self._live_case()
        if live is not None and live != self.case:
            self.case = live
            self.changed.emit()

    # ------------------------------------------------------------------ editing
    def edit(self, op: PlanCommand, text: str) -> bool:
        """Apply ``op`` now and push it as an undoable step; False if it was refused."""
        if self.case_id is None:
            return False
        if self.state is None:
            self.state = PlanState(Plan())
        try:
            inverse = apply_edit(op, self.state)
        except InputError as exc:
            self.rejected.emit(exc.user_message())
            return False
        self.changed.emit()
        self.host.controller.undo_stack.push(PlanUndoCommand(self, op, inverse, text))
        return True

    def apply(self, op: PlanCommand) -> PlanCommand:
        """Apply ``op`` (undo/redo), write it, and return its inverse."""
        if self.state is None:
            return op
        try:
            inverse = apply_edit(op, self.state)
        except InputError as exc:  # the plan changed underneath: the store is the truth
            self.rejected.emit(exc.user_message())
            self.reload()
            return op
        self.changed.emit()
        self.write(op)
        return inverse

    def write(self, op: PlanCommand) -> None:
        """Persist ``op`` on the writer thread; on failure reload the stored plan and show why."""
        case_id = self.case_id
        if case_id is None:
            return
        store = self.host.services.store
        self._pending += 1
        self.host.services.runner.run(
            lambda: write_plan_edit(store, case_id, op),
            on_success=self._on_written,
            on_error=self._on_write_failed,
            writer=True,
        )

    @property
    def pending(self) -> int:
        """Writes not finished yet."""
        return self._pending

    def _on_written(self, _result: object) -> None:
        self._pending -= 1

    def _on_write_failed(self, exc: BaseException) -> None:
        from ui.crash import handle_error

        self._pending -= 1
        self.host.controller.undo_stack.clear()  # the local history no longer matches the store
        self.reload()
        handle_error(self.host.window(), exc)

    def save_prices(self, prices: tuple[Price, ...]) -> bool:
        """Replace the price list (audited, undoable) and recompute the costs; False if refused."""
        op = SetPrices(prices)
        try:
            inverse = self.apply_prices(op, write=False)
        except InputError as exc:
            self.rejected.emit(exc.user_message())
            return False
        self.host.controller.undo_stack.push(PriceUndoCommand(self, op, inverse))
        return True

    def apply_prices(self, op: PriceCommand, *, write: bool = True) -> PriceCommand:
        """Apply a price-list edit locally (and write it); returns its inverse."""
        state = PriceState(self.prices)
        inverse = apply_edit(op, state)
        self.prices = state.prices
        self.changed.emit()
        if write:
            self.write_prices(op)
        return inverse

    def write_prices(self, op: PriceCommand) -> None:
        """Persist a price-list edit on the writer thread; on failure reload and show why."""
        from app.plan.priceedits import write_prices_edit

        store = self.host.services.store
        self._pending += 1
        self.host.services.runner.run(
            lambda: write_prices_edit(store, op),
            on_success=self._on_written,
            on_error=self._on_write_failed,
            writer=True,
        )


class PriceUndoCommand(AppliedEditCommand[PriceCommand]):
    """A price-list edit on the shared undo stack."""

    def __init__(self, session: PlanSession, op: PriceCommand, inverse: PriceCommand) -> None:
        super().__init__(op, inverse, QCoreApplication.translate("PlanSession", "修改价格表"))
        self.session = session

    def write(self, op: PriceCommand) -> None:
        """Write the price-list edit."""
        self.session.write_prices(op)

    def apply(self, op: PriceCommand) -> PriceCommand:
        """Apply and write the price-list edit."""
        return self.session.apply_prices(op)
