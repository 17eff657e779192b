"""Costs of plan items, and the price list (设置 → 价格表).

Nothing public gives prices, so no figure is ever invented. An item's cost is, in this order:

1. the user's own entry (``PlanItem.cost``);
2. the price list: Σ quantity × unit price over the item's product types, when every one of them
   has a price;
3. unknown.

An item that shares another item's measure (``shared_with``: a high risk's item on a finding
that has its own item) has no cost of its own: its cost is that measure's, and a selection pays
for each measure once, however many of its items are selected (:func:`selection_cost`).

The price list is kept by the user (empty at first) and travels as CSV: a header line
``产品类型,单价（万元）,备注`` and one line per product type. Amounts are 万元 with at most four
decimals (1 元).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.core.errors import InputError
from app.plan.model import COST_PRICE_LIST, COST_SHARED, COST_UNKNOWN, COST_USER, PlanItem

CSV_HEADER = ("产品类型", "单价（万元）", "备注")
MAX_AMOUNT = Decimal(100000)
"""The largest amount accepted, in 万元 (10 亿元): anything above is a typing error."""
_Q = Decimal("0.0001")


@dataclass(frozen=True)
class Price:
    """One line of the price list: a product type's unit price in 万元."""

    product_type: str
    unit_price: Decimal
    note: str = ""


def parse_amount(text: object, field: str) -> Decimal:
    """Parse an amount in 万元 (≥ 0, at most 4 decimals).

    Raises:
        InputError: Naming ``field`` when the value is not such an amount.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float, Decimal)):
        raise InputError(field, "应为以万元计的金额（数字）")
    raw = str(text).strip().replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InputError(field, f"“{raw}” 不是金额（万元）") from None
    if not value.is_finite() or value < 0:
        raise InputError(field, "金额不能为负数或非数字")
    if value > MAX_AMOUNT:
        raise InputError(field, f"金额 {raw} 万元过大（上限 {MAX_AMOUNT} 万元）")
    if value != value.quantize(_Q):
        raise InputError(field, "金额最多保留 4 位小数（即精确到元）")
    return value.quantize(_Q)


def format_amount(value: Decimal | None) -> str:
    """``12.5`` → ``12.50``; None → ``未知``."""
    if value is None:
        return "未知"
    text = f"{value.quantize(Decimal('0.01')) if value == value.quantize(Decimal('0.01')) else value.normalize():f}"
    return text


def own_cost(item: PlanItem, prices: Mapping[str, Price]) -> tuple[Decimal | None, str]:
    """The cost of the item's own measure and where it comes from (``user``, ``price_list``, ``unknown``)."""
    if item.cost is not None:
        return item.cost, COST_USER
    if item.products and all(p.type in prices for p in item.products):
        total = sum((prices[p.type].unit_price * p.quantity for p in item.products), Decimal(0))
        return total.quantize(_Q), COST_PRICE_LIST
    return None, COST_UNKNOWN


def effective_cost(
    item: PlanItem, prices: Mapping[str, Price], items: Iterable[PlanItem] = ()
) -> tuple[Decimal | None, str]:
    """The item's cost and where it comes from (``user``, ``price_list``, ``shared`` or ``unknown``).

    Args:
        item: The item.
        prices: The price list.
        items: The plan's items, to find the measure a shared item stands for (without them a
            shared item's cost is unknown).
    """
    if item.shared_with is None:
        return own_cost(item, prices)
    owner = next((i for i in items if i.key == item.shared_with), None)
    if owner is None:
        return None, COST_UNKNOWN
    return own_cost(owner, prices)[0], COST_SHARED


def item_costs(items: Iterable[PlanItem], prices: Mapping[str, Price]) -> dict[str, Decimal | None]:
    """Effective cost per item key (None: unknown); a shared item has its measure's cost."""
    every = list(items)
    own = {item.key: own_cost(item, prices)[0] for item in every}
    return {item.key: own.get(item.measure_key) if item.shared_with else own[item.key] for item in every}


def selection_cost(items: Iterable[PlanItem], costs: Mapping[str, Decimal | None]) -> tuple[Decimal, tuple[str, ...]]:
    """What a selection of items costs: each measure once.

    Args:
        items: The selected items.
        costs: Effective cost per item key (:func:`item_costs`); a measure's cost is the cost of
            the item it is named after, else of any selected item standing for it.

    Returns:
        The sum of the known costs (万元), and the keys of the measures whose cost is unknown.
    """
    measures: dict[str, Decimal | None] = {}
    for item in items:
        key = item.measure_key
        if key not in measures or measures[key] is None:
            measures[key] = costs[key] if key in costs else costs.get(item.key)
    known = sum((c for c in measures.values() if c is not None), Decimal(0))
    return known, tuple(k for k, c in measures.items() if c is None)


def measure_items(items: Iterable[PlanItem], every: Iterable[PlanItem]) -> tuple[PlanItem, ...]:
    """The items that own the measures of ``items`` (a shared item stands for its measure's item), once each."""
    by_key = {i.key: i for i in every}
    out: dict[str, PlanItem] = {}
    for item in items:
        owner = by_key.get(item.measure_key, item) if item.shared_with else item
        out.setdefault(owner.key, owner)
    return tuple(out.values())


def prices_to_csv(prices: Iterable[Price]) -> str:
    """The price list as CSV text (UTF-8 with a BOM is added by the writer of the file)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for p in prices:
        writer.writerow((p.product_type, f"{p.unit_price.normalize():f}", p.note))
    return out.getvalue()


def prices_from_csv(text: str) -> tuple[Price, ...]:
    """Parse a price-list CSV (header line required; a BOM is accepted).

    Raises:
        InputError: Naming the line and column of the first problem; nothing is returned then.
    """
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(c.strip() for c in rows[0][:2]) != CSV_HEADER[:2]:
        raise InputError("第 1 行", f"表头应为 “{','.join(CSV_HEADER)}”")
    seen: set[str] = set()
    out: list[Price] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise InputError(f"第 {n} 行", "至少需要产品类型和单价两列")
        name = row[0].strip()
        if not name:
            raise InputError(f"第 {n} 行 产品类型", "不能为空")
        if name in seen:
            raise InputError(f"第 {n} 行 产品类型", f"“{name}” 重复")
        seen.add(name)
        price = parse_amount(row[1], f"第 {n} 行 单价（万元）")
        out.append(Price(name, price, row[2].strip() if len(row) > 2 else ""))
    return tuple(out)
