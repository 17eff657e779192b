"""Case ids are never reused (SQLite AUTOINCREMENT on cases)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 06:10:00

A deleted case's id used to be handed out again to the next new case, which then inherited the
deleted case's audit-chain head and package UUID (both keyed by the id in app_meta). PostgreSQL
sequences never reuse values; SQLite needs AUTOINCREMENT, which means rebuilding the table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("cases", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
        pass
    # Start after every id that appears anywhere (deleted cases leave audit records behind).
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'cases'")
    op.execute(
        "INSERT INTO sqlite_sequence (name, seq) "
        "SELECT 'cases', MAX(COALESCE((SELECT MAX(id) FROM cases), 0), "
        "COALESCE((SELECT MAX(case_id) FROM audit_events), 0))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("cases", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
        pass
