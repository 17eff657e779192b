"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 04:03:31.764337
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("report_no", sa.String(length=100), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("system_extra", sa.JSON(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_table(
        "ops_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("sla", sa.JSON(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ops_contracts")),
    )
    op.create_table(
        "residents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("sex", sa.String(length=2), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("phr_id", sa.String(length=17), nullable=False),
        sa.Column("org_name", sa.String(length=100), nullable=False),
        sa.Column("records", sa.JSON(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residents")),
        sa.UniqueConstraint("id_number", name=op.f("uq_residents_id_number")),
        sa.UniqueConstraint("phr_id", name=op.f("uq_residents_phr_id")),
    )
    op.create_table(
        "case_objects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_objects_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_objects")),
        sa.UniqueConstraint("case_id", "name", name="uq_case_objects_case_name"),
    )
    with op.batch_alter_table("case_objects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_objects_case_id"), ["case_id"], unique=False)

    op.create_table(
        "compensations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("object", sa.String(length=200), nullable=False),
        sa.Column("from_unit", sa.String(length=10), nullable=False),
        sa.Column("from_object", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_compensations_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensations")),
    )
    with op.batch_alter_table("compensations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_compensations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.String(length=10), nullable=True),
        sa.Column("object_name", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=500), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("reliability", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_evidence_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_sha256"), ["sha256"], unique=False)

    op.create_table(
        "risk_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("object", sa.String(length=200), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_risk_decisions_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_decisions")),
    )
    with op.batch_alter_table("risk_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_decisions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "risk_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.String(length=10), nullable=False),
        sa.Column("likelihood", sa.String(length=2), nullable=False),
        sa.Column("impact", sa.String(length=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_risk_ratings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_ratings")),
        sa.UniqueConstraint("case_id", "unit_id", name="uq_risk_ratings_case_unit"),
    )
    with op.batch_alter_table("risk_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_ratings_case_id"), ["case_id"], unique=False)

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

    op.create_table(
        "unit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("applicable", sa.Boolean(), nullable=False),
        sa.Column("na_reason", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("has_objects", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_unit_entries_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_entries")),
        sa.UniqueConstraint("case_id", "unit_id", name="uq_unit_entries_case_unit"),
    )
    with op.batch_alter_table("unit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_entries_case_id"), ["case_id"], unique=False)

    op.create_table(
        "object_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_entry_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("d", sa.String(length=2), nullable=True),
        sa.Column("a", sa.String(length=2), nullable=True),
        sa.Column("k", sa.String(length=2), nullable=True),
        sa.Column("algorithms", sa.JSON(), nullable=False),
        sa.Column("protocols", sa.JSON(), nullable=False),
        sa.Column("module_level", sa.Integer(), nullable=True),
        sa.Column("key_hazards", sa.JSON(), nullable=False),
        sa.Column("ra", sa.Float(), nullable=True),
        sa.Column("rk", sa.Float(), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["case_objects.id"],
            name=op.f("fk_object_entries_object_id_case_objects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_entry_id"],
            ["unit_entries.id"],
            name=op.f("fk_object_entries_unit_entry_id_unit_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_object_entries")),
        sa.UniqueConstraint("unit_entry_id", "object_id", name="uq_object_entries_unit_object"),
    )
    with op.batch_alter_table("object_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_object_entries_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_object_entries_unit_entry_id"), ["unit_entry_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("object_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_object_entries_unit_entry_id"))
        batch_op.drop_index(batch_op.f("ix_object_entries_object_id"))

    op.drop_table("object_entries")
    with op.batch_alter_table("unit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_entries_case_id"))

    op.drop_table("unit_entries")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_reported_at"))
        batch_op.drop_index(batch_op.f("ix_tickets_contract_id"))

    op.drop_table("tickets")
    with op.batch_alter_table("risk_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_ratings_case_id"))

    op.drop_table("risk_ratings")
    with op.batch_alter_table("risk_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_decisions_case_id"))

    op.drop_table("risk_decisions")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_sha256"))
        batch_op.drop_index(batch_op.f("ix_evidence_case_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("compensations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_compensations_case_id"))

    op.drop_table("compensations")
    with op.batch_alter_table("case_objects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_objects_case_id"))

    op.drop_table("case_objects")
    op.drop_table("residents")
    op.drop_table("ops_contracts")
    op.drop_table("cases")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_case_id"))

    op.drop_table("audit_events")
    op.drop_table("app_meta")
