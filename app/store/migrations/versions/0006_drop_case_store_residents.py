"""Drop the residents table from the case store (the H5 service has its own database)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 14:00:00

The 30 synthetic residents of the H5 preview lived in the workbench's case store, with their ID
numbers in plaintext. The 智桂通 H5 service is a separately deployable service with its own
database, its own Alembic history (``app/h5/migrations``, version table ``h5_alembic_version``)
and its ID numbers encrypted with SM4-GCM; the preview runs that service in-process on its own
demo database. Nothing in the workbench reads this table any more (docs/h5-deploy.md, §1).
The rows were always synthetic demo data (``synthetic`` was true for every row), so nothing is lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("residents")


def downgrade() -> None:
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
