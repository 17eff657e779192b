"""Ops tickets keep their final clock results (final, final_key, final_from) next to the timeline

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-02 01:00:00

A closed ticket's clocks no longer depend on "now", so the board reads its stored result
instead of decoding and evaluating its timeline (``app/ops/finals.py``). Existing rows, the demo
contract's included, get their results computed here from their effective timelines with their
contract's policy and the user's calendar years, exactly as the write path computes them; one
audit record says how many rows were filled. The columns are derived data: dropping them
(downgrade) loses nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ops_tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("final", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("final_key", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("final_from", sa.BigInteger(), nullable=True))
    from app.ops import finals
    from app.store import audit

    session = Session(bind=op.get_bind())
    count = finals.refresh(session)
    if count:
        audit.append(
            session, None, "ops_finals_migrated", "ops-finals:*", None, {"tickets": count}, actor=audit.current_actor()
        )
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("ops_tickets", schema=None) as batch_op:
        batch_op.drop_column("final_from")
        batch_op.drop_column("final_key")
        batch_op.drop_column("final")
