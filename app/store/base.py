"""The shared declarative base of every table, and the store's own tables.

Each domain declares its tables in its own package (``app.mipin.tables``, ``app.ops.tables``)
on this one :class:`Base`, so one metadata and one Alembic history cover the
whole store. The same models and migrations run on SQLite and on a shared PostgreSQL server.
Rows never leave the storage layer of a domain: services convert them to plain dataclasses first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.core.clock import LOCAL_ZONE, aware

# Stable constraint names so Alembic batch migrations work on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """A timestamp column that only takes and gives timezone-aware values.

    The database holds the wall time in :data:`app.core.clock.LOCAL_ZONE` (UTC+08:00, no daylight
    saving time), which is exactly what versions before schema 0003 wrote with a naive
    ``datetime.now()`` on the assessors' laptops: old rows need no rewrite, and SQLite and
    PostgreSQL store the same thing. A naive value is refused on the way in (it is a bug: its
    zone is unknown); values read back are aware, in :data:`~app.core.clock.LOCAL_ZONE`.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self, timezone: bool = False) -> None:
        """``timezone=True`` for a column created as ``TIMESTAMP WITH TIME ZONE`` (PostgreSQL keeps the offset)."""
        super().__init__(timezone=timezone)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert an aware value to the stored wall time; refuse a naive one."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} given to a timezone-aware column")
        if getattr(self.impl, "timezone", False) and dialect.name != "sqlite":
            return value  # a timestamptz column stores the instant itself
        return value.astimezone(LOCAL_ZONE).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach the zone to the stored wall time."""
        return None if value is None else aware(value)


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON, datetime: AwareDateTime}


class AppMeta(Base):
    """Small key/value facts about the store itself (e.g. whether the demo was seeded)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditEvent(Base):
    """An append-only, hash-chained record of one change (to a case, or store-wide with ``case_id`` None).

    ``hash_version`` says what the hash covers (:func:`app.store.audit.record_hash`): 1 for records
    written before schema 0003 (a naive local time), 2 since (an aware time, in UTC).
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True, nullable=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(300), default="")
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    hash_version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")
