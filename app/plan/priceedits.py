"""The price list's edit (设置 → 价格表), on the mechanism of :mod:`app.core.edits`, so it can be undone.

The price list belongs to no case: :class:`SetPrices` replaces it whole (the dialog edits a copy
and saves it on OK), its inverse puts the old list back, and :func:`write_prices_edit` writes it
in one :meth:`~app.store.store.Store.write` transaction with one global audit record
(``plan.prices``), as :func:`app.plan.repository.save_prices` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeAlias

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.edits import Change, Command, Edit, write_edit
from app.core.errors import InputError
from app.plan.costs import MAX_AMOUNT, Price
from app.plan.tables import PlanPrice
from app.store import audit
from app.store.store import Store

__all__ = ["PriceState", "SetPrices", "write_prices_edit"]


class PriceState:
    """The price list being edited: the tab's copy, or the stored rows inside a write transaction."""

    def __init__(self, prices: tuple[Price, ...]) -> None:
        self.prices = prices


PriceCommand: TypeAlias = "Command[PriceState, PriceState]"


@dataclass(frozen=True)
class SetPrices(Edit[PriceState, PriceState]):
    """Replace the price list.

    Attributes:
        prices: The new list (one price per product type, 0 … 100 000 万元).
    """

    action: ClassVar[str] = "plan.prices"
    prices: tuple[Price, ...]

    def validate(self, view: PriceState) -> None:
        """Product types are named once each; prices are within range."""
        seen: set[str] = set()
        for n, p in enumerate(self.prices):
            if not p.product_type.strip():
                raise InputError(f"prices[{n}].product_type", "不能为空")
            if p.product_type in seen:
                raise InputError(f"prices[{n}].product_type", f"“{p.product_type}” 重复")
            seen.add(p.product_type)
            if not p.unit_price.is_finite() or not 0 <= p.unit_price <= MAX_AMOUNT:
                raise InputError(f"prices[{n}].unit_price", f"应为 0 到 {MAX_AMOUNT} 之间的金额（万元）")

    def apply(self, state: PriceState) -> PriceCommand:
        """Take the new list; the inverse puts the old one back."""
        old, state.prices = state.prices, self.prices
        return SetPrices(old)

    def write(self, rows: PriceState) -> Change:
        """Take the new list (the executor stores it); the change lists old and new prices."""
        old, rows.prices = rows.prices, self.prices
        before = {p.product_type: [f"{p.unit_price.normalize():f}", p.note] for p in old}
        after = {p.product_type: [f"{p.unit_price.normalize():f}", p.note] for p in self.prices}
        return Change(self.action, "价格表", before, after)


def write_prices_edit(store: Store, command: PriceCommand, actor: str = "") -> tuple[Price, ...]:
    """Write ``command`` to the stored price list in one audited transaction; returns the new list.

    Raises:
        InputError: The command is invalid (nothing is written).
    """

    def _write(s: Session) -> tuple[Price, ...]:
        rows = list(s.scalars(select(PlanPrice)))
        stored = load_prices_from(rows)
        state = PriceState(stored)
        changes = [c for c in write_edit(command, state) if c.changed]
        if not changes:
            return state.prices
        s.execute(delete(PlanPrice))
        for p in state.prices:
            s.add(PlanPrice(product_type=p.product_type, unit_price=f"{p.unit_price.normalize():f}", note=p.note))
        for change in changes:
            audit.append(s, None, change.action, change.target, change.old, change.new, actor)
        return state.prices

    return store.write(_write)


def load_prices_from(rows: list[PlanPrice]) -> tuple[Price, ...]:
    """The stored rows as prices, sorted by product type."""
    from app.plan.costs import parse_amount

    return tuple(
        Price(r.product_type, parse_amount(r.unit_price, r.product_type), r.note)
        for r in sorted(rows, key=lambda r: r.product_type)
    )
