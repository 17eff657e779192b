"""Costs of plan items, and the price list (设置 → 价格表).

Nothing public gives prices, so no figure is ever invented. An item's cost is, in this order:

1. the user's own entry (``PlanItem.cost``);
2. the price list: Σ quantity × unit price over the item's product types, when every one of them
   has a price;
3. unknown.

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
from app.plan.model import COST_PRICE_LIST, COST_UNKNOWN, COST_USER, PlanItem

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


def effective_cost(item: PlanItem, prices: Mapping[str, Price]) -> tuple[Decimal | None, str]:
    """The item's cost and where it comes from (``user``, ``price_list`` or ``unknown``)."""
    if item.cost is not None:
        return item.cost, COST_USER
    if item.products and all(p.type in prices for p in item.products):
        total = sum((prices[p.type].unit_price * p.quantity for p in item.products), Decimal(0))
        return total.quantize(_Q), COST_PRICE_LIST
    return None, COST_UNKNOWN


def item_costs(items: Iterable[PlanItem], prices: Mapping[str, Price]) -> dict[str, Decimal | None]:
    """Effective cost per item key (None: unknown)."""
    return {item.key: effective_cost(item, prices)[0] for item in items}


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
