"""Tables of the operations domain: contracts and their fault tickets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.base import AwareDateTime, Base


class OpsContract(Base):
    """An operations-and-maintenance contract with its SLA clocks (targets live in ``sla``)."""

    __tablename__ = "ops_contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(200), default="")
    vendor: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[date | None] = mapped_column(Date, nullable=True)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    sla: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)

    tickets: Mapped[list[Ticket]] = relationship(back_populates="contract", cascade="all, delete-orphan")


class Ticket(Base):
    """A fault ticket under an operations contract."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("contract_id", "ticket_no", name="uq_tickets_contract_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("ops_contracts.id", ondelete="CASCADE"), index=True)
    ticket_no: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    priority: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(50), default="")
    channel: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    reported_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    responded_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    arrived_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    contract: Mapped[OpsContract] = relationship(back_populates="tickets")
