"""plans of cases (密改方案) and the price list

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 15:00:00

Renumbered by the lead at merge time: ``down_revision`` is whatever the head is on the branch.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_plans",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_plans_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_plans")),
    )
    op.create_table(
        "plan_prices",
        sa.Column("product_type", sa.String(length=100), nullable=False),
        sa.Column("unit_price", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("product_type", name=op.f("pk_plan_prices")),
    )


def downgrade() -> None:
    op.drop_table("plan_prices")
    op.drop_table("case_plans")
