"""Tables of the 密评 domain: cases, test objects, results, compensations, decisions, ratings, evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.base import AwareDateTime, Base


class Case(Base):
    """One 密评 assessment of one information system."""

    __tablename__ = "cases"
    # Never reuse the id of a deleted case: audit chains, package UUIDs and the UI's last-case
    # setting are keyed by it (SQLite would otherwise hand out max(id)+1 again).
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - SQLAlchemy reads it as declared

    id: Mapped[int] = mapped_column(primary_key=True)
    system_name: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(Integer)
    client: Mapped[str] = mapped_column(String(200), default="")
    assessor: Mapped[str] = mapped_column(String(200), default="")
    report_no: Mapped[str] = mapped_column(String(100), default="")
    threshold: Mapped[float] = mapped_column(Float, default=60.0)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    # {"测评准备": ["2026-03-01", "2026-03-05"], …} for the four GM/T 0116 phases
    phases: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # keys of the mipin-case/1 "system" object that are not columns above (kept for exact round trips)
    system_extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)

    objects: Mapped[list[CaseObject]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by=lambda: (CaseObject.position, CaseObject.id)
    )
    units: Mapped[list[UnitEntry]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by=lambda: (UnitEntry.position, UnitEntry.id)
    )


class CaseObject(Base):
    """A 测评对象 defined once per case (machine room, VPN gateway, database…)."""

    __tablename__ = "case_objects"
    __table_args__ = (UniqueConstraint("case_id", "name", name="uq_case_objects_case_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="objects")


class UnitEntry(Base):
    """The assessor's entry for one 测评单元 of a case; no row means the unit is untested."""

    __tablename__ = "unit_entries"
    __table_args__ = (UniqueConstraint("case_id", "unit_id", name="uq_unit_entries_case_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    applicable: Mapped[bool] = mapped_column(Boolean, default=True)
    na_reason: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(String(10), nullable=True)  # management units only
    record: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ticked 测评实施 items
    has_objects: Mapped[bool] = mapped_column(Boolean, default=False)  # "objects" key present

    case: Mapped[Case] = relationship(back_populates="units")
    entries: Mapped[list[ObjectEntry]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by=lambda: (ObjectEntry.position, ObjectEntry.id)
    )


class ObjectEntry(Base):
    """D/A/K results of one test object within one technical unit."""

    __tablename__ = "object_entries"
    __table_args__ = (UniqueConstraint("unit_entry_id", "object_id", name="uq_object_entries_unit_object"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_entry_id: Mapped[int] = mapped_column(ForeignKey("unit_entries.id", ondelete="CASCADE"), index=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("case_objects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    d: Mapped[str | None] = mapped_column(String(2), nullable=True)
    a: Mapped[str | None] = mapped_column(String(2), nullable=True)
    k: Mapped[str | None] = mapped_column(String(2), nullable=True)
    algorithms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    protocols: Mapped[list[Any]] = mapped_column(JSON, default=list)
    module_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    key_hazards: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ra: Mapped[float | None] = mapped_column(Float, nullable=True)
    rk: Mapped[float | None] = mapped_column(Float, nullable=True)
    record: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[UnitEntry] = relationship(back_populates="entries")
    object: Mapped[CaseObject] = relationship()


class Compensation(Base):
    """A 结果修正 (compensation) between NC-2↔AD-6 or NC-3↔AD-4 objects."""

    __tablename__ = "compensations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(10))
    object: Mapped[str] = mapped_column(String(200))
    from_unit: Mapped[str] = mapped_column(String(10))
    from_object: Mapped[str] = mapped_column(String(200))


class RiskDecision(Base):
    """The assessor's decision on a high-risk candidate (or a manually added high risk)."""

    __tablename__ = "risk_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str] = mapped_column(String(10))
    object: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class RiskRating(Base):
    """Likelihood and impact of one 部分符合/不符合 unit (report chapter 6)."""

    __tablename__ = "risk_ratings"
    __table_args__ = (UniqueConstraint("case_id", "unit_id", name="uq_risk_ratings_case_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(String(10))
    likelihood: Mapped[str] = mapped_column(String(2), default="中")
    impact: Mapped[str] = mapped_column(String(2), default="中")
    note: Mapped[str] = mapped_column(Text, default="")


class Evidence(Base):
    """An evidence file copied into the store under its SHA-256 name."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(10), nullable=True)
    object_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30), default="document")
    method: Mapped[str] = mapped_column(String(30), default="")
    reliability: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    added_at: Mapped[datetime] = mapped_column(AwareDateTime)
