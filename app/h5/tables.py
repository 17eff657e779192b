"""Tables of the 智桂通 H5 domain: the synthetic residents of the preview."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.base import Base


class Resident(Base):
    """A synthetic resident for the 智桂通 H5 preview (never real personal data)."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    sex: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[date] = mapped_column(Date)
    phr_id: Mapped[str] = mapped_column(String(17), unique=True)
    org_name: Mapped[str] = mapped_column(String(100), default="")
    records: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=True)
