"""Ops tickets become event-sourced: ops_tickets + hash-chained ops_ticket_events; calendar, obligations

Revision ID: 0004
Revises: 0006
Create Date: 2026-11-26 09:00:00

The old ``tickets`` table kept a ticket's clocks as columns (``responded_at``, ``arrived_at``,
``resolved_at``). Each row becomes a ticket with append-only events: ``reported`` (with the
header), ``acknowledged``, ``onsite_arrived``, ``resolved`` and, for a ticket that was
已关闭, ``closed``. The events are chained exactly as the application chains them
(``ops-event/1``), and one audit record lists every moved ticket's chain head. The old
priority text (``一级`` … ``五级``) becomes the level 1–5; the old free-text category and the
contract's legacy SLA dict are kept in the reported event's text and replaced by the default
policy. Old naive times are Asia/Shanghai.
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0004"
down_revision: str | None = "0006"  # the head when this branch was merged with main; the lead re-chains
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEVELS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "五级": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def _create_tables() -> None:
    op.create_table(
        "ops_calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rest_days", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_ops_calendar_years")),
    )
    op.create_table(
        "ops_obligations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["ops_contracts.id"],
            name=op.f("fk_ops_obligations_contract_id_ops_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_obligations")),
    )
    with op.batch_alter_table("ops_obligations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ops_obligations_contract_id"), ["contract_id"], unique=False)
    op.create_table(
        "ops_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("ticket_no", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("onsite_required", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=True),
        sa.Column("assignee", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reported_at", sa.String(length=40), nullable=False),
        sa.Column("reported_us", sa.BigInteger(), nullable=False),
        sa.Column("timeline", sa.JSON(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["ops_contracts.id"],
            name=op.f("fk_ops_tickets_contract_id_ops_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_tickets")),
        sa.UniqueConstraint("contract_id", "ticket_no", name="uq_ops_tickets_contract_no"),
    )
    with op.batch_alter_table("ops_tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ops_tickets_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ops_tickets_reported_at"), ["reported_at"], unique=False)
    op.create_table(
        "ops_obligation_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("added_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["obligation_id"],
            ["ops_obligations.id"],
            name=op.f("fk_ops_obligation_files_obligation_id_ops_obligations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_obligation_files")),
    )
    with op.batch_alter_table("ops_obligation_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ops_obligation_files_obligation_id"), ["obligation_id"], unique=False)
    op.create_table(
        "ops_ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("corrects", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ops_tickets.id"],
            name=op.f("fk_ops_ticket_events_ticket_id_ops_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_ticket_events")),
        sa.UniqueConstraint("ticket_id", "seq", name="uq_ops_ticket_events_ticket_seq"),
    )
    with op.batch_alter_table("ops_ticket_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ops_ticket_events_ticket_id"), ["ticket_id"], unique=False)


_OLD = sa.table(
    "tickets",
    sa.column("id", sa.Integer),
    sa.column("contract_id", sa.Integer),
    sa.column("ticket_no", sa.String),
    sa.column("title", sa.String),
    sa.column("priority", sa.String),
    sa.column("category", sa.String),
    sa.column("channel", sa.String),
    sa.column("status", sa.String),
    sa.column("reported_at", sa.DateTime),
    sa.column("responded_at", sa.DateTime),
    sa.column("arrived_at", sa.DateTime),
    sa.column("resolved_at", sa.DateTime),
)
_CONTRACTS = sa.table("ops_contracts", sa.column("id", sa.Integer), sa.column("sla", sa.JSON))


def _old_ticket(row: sa.Row, to_us, Event, Ticket, normalise_channel):  # type: ignore[no-untyped-def]
    def us(value: datetime | None) -> int | None:
        if value is None:
            return None
        from app.ops.timeutil import SHANGHAI

        return int(to_us(value if value.tzinfo else value.replace(tzinfo=SHANGHAI)))

    reported = us(row.reported_at)
    text = f"原分类：{row.category}" if row.category else ""
    events = [Event("reported", reported, channel=normalise_channel(row.channel or ""), text=text)]
    for type_, when in (
        ("acknowledged", row.responded_at),
        ("onsite_arrived", row.arrived_at),
        ("resolved", row.resolved_at),
    ):
        at = us(when)
        if at is not None:
            events.append(Event(type_, max(at, reported)))
    if row.status == "已关闭" and row.resolved_at is not None:
        events.append(Event("closed", max(us(row.resolved_at), reported)))
    events.sort(key=lambda e: (e.at, e.type != "reported"))
    return Ticket(
        id=row.ticket_no,
        title=row.title or "",
        level=_LEVELS.get(str(row.priority).strip(), 3),
        kind="fault",
        onsite_required=row.arrived_at is not None,
        category=None,
        events=tuple(events),
    )


def _move_rows() -> None:
    from app.ops.bulk import ledger_rows, projection
    from app.ops.contract import normalise_channel
    from app.ops.tickets import Event, Ticket
    from app.ops.timeutil import iso, now_us, to_us
    from app.store import audit

    bind = op.get_bind()
    tickets_t = sa.table(
        "ops_tickets",
        *(
            sa.column(c)
            for c in (
                "id",
                "contract_id",
                "ticket_no",
                "title",
                "level",
                "kind",
                "onsite_required",
                "category",
                "assignee",
                "status",
                "reported_at",
                "reported_us",
                "event_count",
                "head_hash",
            )
        ),
        sa.column("timeline", sa.JSON),
    )
    events_t = sa.table(
        "ops_ticket_events",
        *(
            sa.column(c)
            for c in ("ticket_id", "seq", "type", "at", "corrects", "recorded_at", "actor", "prev_hash", "hash")
        ),
        sa.column("data", sa.JSON),
    )
    recorded = iso(now_us())
    actor = audit.current_actor()
    heads = []
    for row in bind.execute(sa.select(_OLD).order_by(_OLD.c.id)):
        ticket = _old_ticket(row, to_us, Event, Ticket, normalise_channel)
        rows = ledger_rows(row.contract_id, ticket, recorded, "migration 0004")
        bind.execute(
            tickets_t.insert().values(
                id=row.id,
                contract_id=row.contract_id,
                **projection(ticket),
                event_count=len(rows),
                head_hash=rows[-1]["hash"],
            )
        )
        bind.execute(events_t.insert(), [{**r, "ticket_id": row.id} for r in rows])
        heads.append([row.id, len(rows), rows[-1]["hash"]])
    for contract in bind.execute(sa.select(_CONTRACTS)):
        sla = contract.sla or {}
        if isinstance(sla, dict) and "levels" in sla:  # the legacy dict: the defaults are the contract's clocks
            bind.execute(_CONTRACTS.update().where(_CONTRACTS.c.id == contract.id).values(sla={}))
    if heads:
        session = Session(bind=bind)
        audit.append(session, None, "ops_tickets_migrated", "ops-contract:*", None, {"tickets": heads}, actor=actor)
        session.flush()


def upgrade() -> None:
    _create_tables()
    _move_rows()
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_contract_id"))
        batch_op.drop_index(batch_op.f("ix_tickets_reported_at"))
    op.drop_table("tickets")


def downgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("ticket_no", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["ops_contracts.id"], name=op.f("fk_tickets_contract_id_ops_contracts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("contract_id", "ticket_no", name="uq_tickets_contract_no"),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tickets_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tickets_reported_at"), ["reported_at"], unique=False)
    _move_back()
    for table in ("ops_ticket_events", "ops_obligation_files", "ops_tickets", "ops_obligations", "ops_calendar_years"):
        op.drop_table(table)


def _move_back() -> None:
    from app.ops.timeutil import from_us

    bind = op.get_bind()
    new = sa.table(
        "ops_tickets",
        sa.column("id"),
        sa.column("contract_id"),
        sa.column("ticket_no"),
        sa.column("title"),
        sa.column("level"),
        sa.column("status"),
        sa.column("timeline", sa.JSON),
    )
    names = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}
    old = sa.table(
        "tickets",
        *(
            sa.column(c)
            for c in (
                "id",
                "contract_id",
                "ticket_no",
                "title",
                "priority",
                "category",
                "channel",
                "status",
                "reported_at",
                "responded_at",
                "arrived_at",
                "resolved_at",
            )
        ),
        sa.column("details", sa.JSON),
    )

    def first(events: list, type_: str):  # type: ignore[no-untyped-def]
        for e in events:
            if e[0] == type_:
                return from_us(e[1]).replace(tzinfo=None)
        return None

    for row in bind.execute(sa.select(new)):
        events = row.timeline["events"]
        resolved = [e for e in events if e[0] == "resolved"]
        bind.execute(
            old.insert().values(
                id=row.id,
                contract_id=row.contract_id,
                ticket_no=row.ticket_no[:50],
                title=row.title,
                priority=names.get(row.level, "三级"),
                category="",
                channel=events[0][4][:20],
                status=row.status,
                reported_at=from_us(events[0][1]).replace(tzinfo=None),
                responded_at=first(events, "acknowledged"),
                arrived_at=first(events, "onsite_arrived"),
                resolved_at=from_us(resolved[-1][1]).replace(tzinfo=None) if resolved else None,
                details={},
            )
        )
