"""H5 service initial schema

Revision ID: h5_0001
Revises: -
Create Date: 2026-12-01 13:41:33

The 公卫 read model (gw_*, personal fields as SM4-GCM ciphertexts, an HMAC-SM3 blind index) and
the service's shared state (h5_*: sessions, token marks, rate counters, the chained audit log,
feedback, consent, simulator tokens, key check value).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "h5_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gw_archives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phr_id", sa.String(length=17), nullable=False),
        sa.Column("cert_type", sa.String(length=4), nullable=False),
        sa.Column("cert_index", sa.String(length=64), nullable=False),
        sa.Column("cert_cipher", sa.LargeBinary(), nullable=False),
        sa.Column("name_cipher", sa.LargeBinary(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("org_name", sa.String(length=100), nullable=False),
        sa.Column("responsible_doctor", sa.String(length=50), nullable=False),
        sa.Column("family_doctor", sa.String(length=50), nullable=False),
        sa.Column("doctor_phone", sa.String(length=20), nullable=False),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("blood_abo", sa.String(length=8), nullable=False),
        sa.Column("blood_rh", sa.String(length=8), nullable=False),
        sa.Column("health_tags", sa.JSON(), nullable=False),
        sa.Column("basic", sa.JSON(), nullable=False),
        sa.Column("phone_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("contact_name_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("contact_phone_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gw_archives")),
        sa.UniqueConstraint("phr_id", name=op.f("uq_gw_archives_phr_id")),
    )
    with op.batch_alter_table("gw_archives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gw_archives_cert_index"), ["cert_index"], unique=False)

    op.create_table(
        "gw_exams",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("archive_id", sa.Integer(), nullable=False),
        sa.Column("exam_date", sa.Date(), nullable=False),
        sa.Column("org_name", sa.String(length=100), nullable=False),
        sa.Column("doctor_name", sa.String(length=50), nullable=False),
        sa.Column("assessment", sa.String(length=8), nullable=False),
        sa.Column("abnormal_count", sa.Integer(), nullable=False),
        sa.Column("abnormal_summary", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gw_exams")),
    )
    with op.batch_alter_table("gw_exams", schema=None) as batch_op:
        batch_op.create_index("ix_gw_exams_archive_date", ["archive_id", "exam_date"], unique=False)

    op.create_table(
        "gw_followups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("archive_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("visit_way", sa.String(length=8), nullable=False),
        sa.Column("visit_class", sa.String(length=16), nullable=False),
        sa.Column("sbp", sa.Integer(), nullable=True),
        sa.Column("dbp", sa.Integer(), nullable=True),
        sa.Column("fbg", sa.Float(), nullable=True),
        sa.Column("next_visit_date", sa.Date(), nullable=True),
        sa.Column("org_name", sa.String(length=100), nullable=False),
        sa.Column("doctor_name", sa.String(length=50), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gw_followups")),
    )
    with op.batch_alter_table("gw_followups", schema=None) as batch_op:
        batch_op.create_index("ix_gw_followups_archive_visit", ["archive_id", "visit_date"], unique=False)

    op.create_table(
        "h5_audit",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("session", sa.String(length=32), nullable=False),
        sa.Column("person", sa.String(length=32), nullable=False),
        sa.Column("resource", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("prev_mac", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_h5_audit")),
    )
    op.create_table(
        "h5_audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_h5_audit_head")),
    )
    op.create_table(
        "h5_consents",
        sa.Column("person", sa.String(length=32), nullable=False),
        sa.Column("notice_version", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=24), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person", "notice_version", "scope", name=op.f("pk_h5_consents")),
    )
    op.create_table(
        "h5_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_no", sa.String(length=24), nullable=False),
        sa.Column("archive_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=32), nullable=False),
        sa.Column("resource_type", sa.String(length=16), nullable=False),
        sa.Column("resource_kind", sa.String(length=2), nullable=True),
        sa.Column("resource_id", sa.BigInteger(), nullable=True),
        sa.Column("issue_type", sa.String(length=20), nullable=False),
        sa.Column("description_cipher", sa.LargeBinary(), nullable=False),
        sa.Column("contact_phone_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("org_name", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_h5_feedback")),
        sa.UniqueConstraint("feedback_no", name=op.f("uq_h5_feedback_feedback_no")),
    )
    with op.batch_alter_table("h5_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_h5_feedback_archive_id"), ["archive_id"], unique=False)

    op.create_table(
        "h5_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_h5_meta")),
    )
    op.create_table(
        "h5_rate",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("window", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "subject", "window", name=op.f("pk_h5_rate")),
    )
    op.create_table(
        "h5_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("archive_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=32), nullable=False),
        sa.Column("match_status", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("abs_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rl_window", sa.BigInteger(), nullable=False),
        sa.Column("rl_count", sa.Integer(), nullable=False),
        sa.Column("binding_mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_h5_sessions")),
    )
    with op.batch_alter_table("h5_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_h5_sessions_abs_expires_at"), ["abs_expires_at"], unique=False)

    op.create_table(
        "h5_sim_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("identity_cipher", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_h5_sim_tokens")),
    )
    with op.batch_alter_table("h5_sim_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_h5_sim_tokens_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "h5_token_marks",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_h5_token_marks")),
    )
    with op.batch_alter_table("h5_token_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_h5_token_marks_expires_at"), ["expires_at"], unique=False)
    # The audit chain's head exists from the start, so concurrent first appends on several
    # workers lock one row instead of racing to create it.
    op.bulk_insert(
        sa.table(
            "h5_audit_head", sa.column("id", sa.Integer), sa.column("seq", sa.BigInteger), sa.column("mac", sa.String)
        ),
        [{"id": 1, "seq": 0, "mac": "0" * 64}],
    )


def downgrade() -> None:
    with op.batch_alter_table("h5_token_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_h5_token_marks_expires_at"))

    op.drop_table("h5_token_marks")
    with op.batch_alter_table("h5_sim_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_h5_sim_tokens_expires_at"))

    op.drop_table("h5_sim_tokens")
    with op.batch_alter_table("h5_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_h5_sessions_abs_expires_at"))

    op.drop_table("h5_sessions")
    op.drop_table("h5_rate")
    op.drop_table("h5_meta")
    with op.batch_alter_table("h5_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_h5_feedback_archive_id"))

    op.drop_table("h5_feedback")
    op.drop_table("h5_consents")
    op.drop_table("h5_audit_head")
    op.drop_table("h5_audit")
    with op.batch_alter_table("gw_followups", schema=None) as batch_op:
        batch_op.drop_index("ix_gw_followups_archive_visit")

    op.drop_table("gw_followups")
    with op.batch_alter_table("gw_exams", schema=None) as batch_op:
        batch_op.drop_index("ix_gw_exams_archive_date")

    op.drop_table("gw_exams")
    with op.batch_alter_table("gw_archives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gw_archives_cert_index"))

    op.drop_table("gw_archives")
