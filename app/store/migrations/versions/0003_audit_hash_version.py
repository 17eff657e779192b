"""Audit records say which hash version they use; timestamps are timezone-aware from here on

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:00:00

Up to 0002 every timestamp was a naive ``datetime.now()``: the laptop's wall time, China Standard
Time on the assessors' laptops. From 0003 the code only handles aware times and stores them as
the wall time in UTC+08:00 (``app.store.base.AwareDateTime``), so the existing values already
mean the right instant and no row is rewritten.

The audit hash of an old record covers the naive ISO string it was written with; a new record's
hash covers the aware time in UTC. ``hash_version`` (1 for every existing record, 2 for new
ones) tells ``app.store.audit.record_hash`` which one to recompute, so old chains still verify.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("hash_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("hash_version")
