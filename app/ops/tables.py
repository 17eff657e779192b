"""Tables of the operations domain.

Tickets are event-sourced: :class:`TicketEvent` rows are append-only and hash-chained per ticket
(each carries the SHA-256 of the previous one); a correction is a new event that references the
one it corrects. :class:`Ticket` is the projection the board reads (header, status, the
effective timeline as compact JSON, the chain head); it is rebuilt from the events on every
append and checked against them by ``workbench sla verify``. Instants are ISO 8601 text with
their offset (``+08:00``), so the stored text is exactly what the hash covers, on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.base import Base


class OpsContract(Base):
    """An operations-and-maintenance contract; ``sla`` holds its ``ops-tickets/1`` policy object."""

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
    obligations: Mapped[list[Obligation]] = relationship(back_populates="contract", cascade="all, delete-orphan")


class Ticket(Base):
    """The board's projection of one ticket's events (never the source of truth)."""

    __tablename__ = "ops_tickets"
    __table_args__ = (UniqueConstraint("contract_id", "ticket_no", name="uq_ops_tickets_contract_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("ops_contracts.id", ondelete="CASCADE"), index=True)
    ticket_no: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300), default="")
    level: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="fault")
    onsite_required: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(String(50), nullable=True)
    assignee: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default="新建")
    reported_at: Mapped[str] = mapped_column(String(40), index=True)
    reported_us: Mapped[int] = mapped_column(BigInteger)
    timeline: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default="")
    final: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    """The final clock results once every clock stopped (derived; see :mod:`app.ops.finals`)."""
    final_key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    final_from: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    contract: Mapped[OpsContract] = relationship(back_populates="tickets")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", cascade="all, delete-orphan", order_by="TicketEvent.seq"
    )


class TicketEvent(Base):
    """One append-only, hash-chained event of a ticket."""

    __tablename__ = "ops_ticket_events"
    __table_args__ = (UniqueConstraint("ticket_id", "seq", name="uq_ops_ticket_events_ticket_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ops_tickets.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(30))
    at: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    corrects: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recorded_at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class CalendarYear(Base):
    """The user's working-calendar table of one year (设置 → 工作日历), shared by every contract."""

    __tablename__ = "ops_calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rest_days: Mapped[list[Any]] = mapped_column(JSON, default=list)
    workdays: Mapped[list[Any]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(40), default="")
    actor: Mapped[str] = mapped_column(String(100), default="")


class Obligation(Base):
    """A scheduled service obligation of a contract (a training, a 院长 meeting, a duty report …)."""

    __tablename__ = "ops_obligations"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("ops_contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date)
    done: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    contract: Mapped[OpsContract] = relationship(back_populates="obligations")
    files: Mapped[list[ObligationFile]] = relationship(
        back_populates="obligation", cascade="all, delete-orphan", order_by="ObligationFile.id"
    )


class ObligationFile(Base):
    """An evidence file of an obligation, kept content-addressed (SHA-256) in the evidence folder."""

    __tablename__ = "ops_obligation_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("ops_obligations.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[str] = mapped_column(String(40))

    obligation: Mapped[Obligation] = relationship(back_populates="files")
