"""Tables of the plan domain: the plan of each case (one JSON document) and the price list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.base import AwareDateTime, Base


class CasePlan(Base):
    """The 密改方案 of one case, stored as its ``mipin-plan/1`` document.

    The plan is edited as a whole document (items, tables, reviews) and always validated by
    :func:`app.plan.planformat.parse_plan` when read, so one JSON column keeps it exact.
    """

    __tablename__ = "case_plans"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(timezone=True))


class PlanPrice(Base):
    """One line of the price list (设置 → 价格表): a product type's unit price in 万元."""

    __tablename__ = "plan_prices"

    product_type: Mapped[str] = mapped_column(String(100), primary_key=True)
    unit_price: Mapped[str] = mapped_column(String(30))  # exact decimal text, e.g. "25.5"
    note: Mapped[str] = mapped_column(Text, default="")
