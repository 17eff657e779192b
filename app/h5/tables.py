"""The H5 service's own database: the 公卫 read model and the service's state tables.

It is not the workbench's case store: the service is deployed on its own, with its own Alembic
history (``app/h5/migrations``, version table ``h5_alembic_version``). Two groups of tables:

* ``gw_*`` — the **read model of the 公卫 database** the façade reads through
  :class:`~app.h5.archives.ArchiveRepository` (read-only connections). Certificate numbers,
  names and phone numbers are SM4-GCM ciphertexts; certificate numbers are found through an
  HMAC-SM3 blind index. In production a sync job of the 公卫 vendor fills these tables (or a
  separate database named by ``database.archive_url``); ``--demo`` fills them with synthetic
  residents.
* ``h5_*`` — the **shared state** every worker sees: sessions, single-use token marks, rate-limit
  counters, the HMAC-SM3-chained access audit log, feedback, consent records, the simulator's
  tokens and a key check value. Nothing of it lives in process memory.

Timestamps are stored in UTC and come back timezone-aware (:class:`AwareDateTime`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

BigId = BigInteger().with_variant(Integer, "sqlite")
"""64-bit ids on PostgreSQL; INTEGER on SQLite so the column is the rowid (auto-increment)."""


class AwareDateTime(TypeDecorator[datetime]):
    """A UTC timestamp: stored naive-UTC on SQLite, ``timestamptz`` on PostgreSQL, always returned aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored in the H5 database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    # The generic processors chain this decorator's step and SQLite's string step, each in
    # Python; the session touch and the audit records of every ``me/*`` request go through them.
    # On SQLite the common case (an aware UTC value, a stored string in SQLite's own 26-character
    # form) is converted in one step with the same result; anything else takes the generic path.
    # tests/h5/test_timestamps.py checks the two paths against each other.

    def bind_processor(self, dialect: Dialect) -> Any:
        """The generic bind processor, with a one-step path for aware UTC values on SQLite."""
        generic = super().bind_processor(dialect)
        if dialect.name != "sqlite" or generic is None:
            return generic
        chained = generic

        def process(value: Any) -> Any:
            if type(value) is datetime and value.tzinfo is UTC:
                return value.isoformat(" ", "microseconds")[:26]
            return chained(value)

        return process

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """The generic result processor, with a one-step path for SQLite's stored form."""
        generic = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or generic is None:
            return generic
        chained = generic

        def process(value: Any) -> Any:
            stored_form = type(value) is str and len(value) == 26 and value[10] == " " and value[19] == "."
            if stored_form and value[20:].isdigit():
                return datetime.fromisoformat(value + "+00:00")
            return chained(value)

        return process


# ---------------------------------------------------------------- the 公卫 read model

gw_archives = Table(
    "gw_archives",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("phr_id", String(17), nullable=False, unique=True),
    Column("cert_type", String(4), nullable=False),
    Column("cert_index", String(64), nullable=False, index=True),
    Column("cert_cipher", LargeBinary, nullable=False),
    Column("name_cipher", LargeBinary, nullable=False),
    Column("sex", String(1), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("org_name", String(100), nullable=False),
    Column("responsible_doctor", String(50), nullable=False),
    Column("family_doctor", String(50), nullable=False),
    Column("doctor_phone", String(20), nullable=False),
    Column("signed", Boolean, nullable=False),
    Column("blood_abo", String(8), nullable=False),
    Column("blood_rh", String(8), nullable=False),
    Column("health_tags", JSON, nullable=False),
    Column("basic", JSON, nullable=False),
    Column("phone_cipher", LargeBinary, nullable=True),
    Column("contact_name_cipher", LargeBinary, nullable=True),
    Column("contact_phone_cipher", LargeBinary, nullable=True),
    Column("created_on", Date, nullable=False),
    Column("updated_at", AwareDateTime, nullable=False),
    Column("synthetic", Boolean, nullable=False),
)

gw_followups = Table(
    "gw_followups",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("archive_id", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("visit_date", Date, nullable=False),
    Column("visit_way", String(8), nullable=False),
    Column("visit_class", String(16), nullable=False),
    Column("sbp", Integer, nullable=True),
    Column("dbp", Integer, nullable=True),
    Column("fbg", Float, nullable=True),
    Column("next_visit_date", Date, nullable=True),
    Column("org_name", String(100), nullable=False),
    Column("doctor_name", String(50), nullable=False),
    Column("outcome", String(8), nullable=False),
    Column("payload", JSON, nullable=False),
    Index("ix_gw_followups_archive_visit", "archive_id", "visit_date"),
)

gw_exams = Table(
    "gw_exams",
    metadata,
    Column("id", BigId, primary_key=True),
    Column("archive_id", Integer, nullable=False),
    Column("exam_date", Date, nullable=False),
    Column("org_name", String(100), nullable=False),
    Column("doctor_name", String(50), nullable=False),
    Column("assessment", String(8), nullable=False),
    Column("abnormal_count", Integer, nullable=False),
    Column("abnormal_summary", JSON, nullable=False),
    Column("payload", JSON, nullable=False),
    Index("ix_gw_exams_archive_date", "archive_id", "exam_date"),
)

# ---------------------------------------------------------------- the service's shared state

h5_sessions = Table(
    "h5_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("archive_id", Integer, nullable=False),
    Column("person", String(32), nullable=False),
    Column("match_status", String(16), nullable=False),
    Column("status", String(12), nullable=False),
    Column("created_at", AwareDateTime, nullable=False),
    Column("last_seen_at", AwareDateTime, nullable=False),
    Column("abs_expires_at", AwareDateTime, nullable=False, index=True),
    Column("rl_window", BigInteger, nullable=False),
    Column("rl_count", Integer, nullable=False),
    # HMAC-SM3 over the binding (token hash, archive, person, expiry): the access-control
    # information of the service, checked on every request (AD-2).
    Column("binding_mac", String(64), nullable=False),
)

h5_token_marks = Table(
    "h5_token_marks",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("expires_at", AwareDateTime, nullable=False, index=True),
)

h5_rate = Table(
    "h5_rate",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("subject", String(64), primary_key=True),
    Column("window", BigInteger, primary_key=True),
    Column("hits", Integer, nullable=False),
)

h5_audit = Table(
    "h5_audit",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", AwareDateTime, nullable=False),
    Column("action", String(32), nullable=False),
    Column("result", String(32), nullable=False),
    Column("session", String(32), nullable=False),
    Column("person", String(32), nullable=False),
    Column("resource", String(64), nullable=False),
    Column("client", String(32), nullable=False),
    Column("request_id", String(64), nullable=False),
    Column("prev_mac", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
)

h5_audit_head = Table(
    "h5_audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("mac", String(64), nullable=False),
)

h5_feedback = Table(
    "h5_feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feedback_no", String(24), nullable=False, unique=True),
    Column("archive_id", Integer, nullable=False, index=True),
    Column("person", String(32), nullable=False),
    Column("resource_type", String(16), nullable=False),
    Column("resource_kind", String(2), nullable=True),
    Column("resource_id", BigInteger, nullable=True),
    Column("issue_type", String(20), nullable=False),
    Column("description_cipher", LargeBinary, nullable=False),
    Column("contact_phone_cipher", LargeBinary, nullable=True),
    Column("org_name", String(100), nullable=False),
    Column("status", String(12), nullable=False),
    Column("reply", Text, nullable=False),
    Column("replied_at", AwareDateTime, nullable=True),
    Column("created_at", AwareDateTime, nullable=False),
    Column("updated_at", AwareDateTime, nullable=False),
)

h5_consents = Table(
    "h5_consents",
    metadata,
    Column("person", String(32), primary_key=True),
    Column("notice_version", String(16), primary_key=True),
    Column("scope", String(24), primary_key=True),
    Column("agreed_at", AwareDateTime, nullable=False),
)

h5_sim_tokens = Table(
    "h5_sim_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("identity_cipher", LargeBinary, nullable=False),
    Column("expires_at", AwareDateTime, nullable=False, index=True),
    Column("used_at", AwareDateTime, nullable=True),
)

h5_meta = Table(
    "h5_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
