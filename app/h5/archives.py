"""The read-only repository over the 公卫 database (the ``gw_*`` read model).

:class:`ArchiveRepository` is the port the service depends on; :class:`SqlArchiveRepository`
implements it with SQLAlchemy Core on a read-only engine (SQLite or PostgreSQL). Every method
that returns records takes the **owner's archive id** and filters by it in SQL, so a record of
somebody else is indistinguishable from one that does not exist. Personal fields are decrypted
here (SM4-GCM) and masked by the presenters before anything leaves the service. The records
it returns are the plain dataclasses of :mod:`app.h5.records`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, and_, bindparam, func, or_, select

from app.h5.crypto import FieldCipher
from app.h5.prepared import read_cursor
from app.h5.records import Archive, Candidate, ExamRow, Facet, FollowupRow, SummaryBundle, SummaryHead
from app.h5.summary_sql import ALL_FOLLOWUPS, FOLLOWUP_LIST, SummaryStatements
from app.h5.tables import gw_archives, gw_exams, gw_followups


class ArchiveRepository(Protocol):
    """Read-only access to the 公卫 archives (the H5 service never writes them)."""

    def find_by_cert(self, cert_index: str) -> list[Candidate]:
        """Archives whose certificate number has this blind index."""

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads of the calling thread inside the block share one connection and one snapshot."""

    def archive(self, archive_id: int) -> Archive | None:
        """One archive, or None."""

    def summary_bundle(self, archive_id: int) -> SummaryBundle | None:
        """The archive's summary fields with its exam figures, and its follow-ups (list columns)."""

    def summary_bundles(self, archive_ids: list[int]) -> dict[int, SummaryBundle]:
        """:meth:`summary_bundle` of several archives by id (ids without an archive are left out)."""

    def followups(
        self, archive_id: int, *, kind: str | None, year: int | None, after: tuple[date, int] | None, limit: int
    ) -> list[FollowupRow]:
        """The owner's follow-ups, newest first, after a keyset cursor."""

    def all_followups(self, archive_id: int) -> list[FollowupRow]:
        """Every follow-up of the owner (list columns only), newest first."""

    def followup_facets(self, archive_id: int) -> list[Facet]:
        """Counts of the owner's follow-ups per type and year."""

    def followup(self, archive_id: int, record_id: int) -> FollowupRow | None:
        """One of the owner's follow-ups with its form, or None (also for somebody else's)."""

    def exams(self, archive_id: int, *, year: int | None, after: tuple[date, int] | None, limit: int) -> list[ExamRow]:
        """The owner's exams, newest first, after a keyset cursor."""

    def exam_facets(self, archive_id: int) -> list[Facet]:
        """Counts of the owner's exams per year (kind ``EXAM``)."""

    def exam(self, archive_id: int, record_id: int) -> ExamRow | None:
        """One of the owner's exams with its form, or None (also for somebody else's)."""

    def latest_exam(self, archive_id: int) -> ExamRow | None:
        """The owner's newest exam with its form, or None."""

    def count_exams(self, archive_id: int) -> int:
        """How many exams the owner has."""


_EXAM_LIST = (
    gw_exams.c.id,
    gw_exams.c.exam_date,
    gw_exams.c.org_name,
    gw_exams.c.doctor_name,
    gw_exams.c.assessment,
    gw_exams.c.abnormal_count,
    gw_exams.c.abnormal_summary,
)


# Statements built once: constructing a select() costs more than running it against an index.
_BY_INDEX = (
    select(gw_archives.c.id, gw_archives.c.cert_type, gw_archives.c.name_cipher, gw_archives.c.status)
    .where(gw_archives.c.cert_index == bindparam("idx"))
    .order_by(gw_archives.c.id)
)
_ARCHIVE = select(gw_archives).where(gw_archives.c.id == bindparam("aid"))
_LATEST_EXAM = (
    select(*_EXAM_LIST, gw_exams.c.payload)
    .where(gw_exams.c.archive_id == bindparam("aid"))
    .order_by(gw_exams.c.exam_date.desc(), gw_exams.c.id.desc())
    .limit(1)
)


def _as_date(value: Any) -> date | None:
    # A Date column read through a scalar subquery comes back untyped on SQLite (ISO text).
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _year_range(column: Any, year: int) -> Any:
    return and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


class SqlArchiveRepository:
    """:class:`ArchiveRepository` over the ``gw_*`` tables.

    Args:
        engine: A read-only engine (see :func:`app.h5.db.make_engine`).
        cipher: Decrypts the personal fields.
    """

    def __init__(self, engine: Engine, cipher: FieldCipher) -> None:
        self._engine = engine
        self._cipher = cipher
        # The 档案首页 is the hottest read: run on the driver connection (see app.h5.prepared).
        self._summary = SummaryStatements(engine)
        self._local = threading.local()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads of this thread inside the block share one driver connection and one snapshot.

        The writer thread reads the views of a whole batch this way: one pool checkout and one
        read transaction instead of one per request. Nested blocks join the outer one.
        """
        if getattr(self._local, "cursor", None) is not None:
            yield
            return
        with read_cursor(self._engine) as cursor:
            self._local.cursor = cursor
            try:
                yield
            finally:
                self._local.cursor = None

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        cursor = getattr(self._local, "cursor", None)
        if cursor is not None:
            yield cursor
            return
        with read_cursor(self._engine) as cursor:
            yield cursor

    def find_by_cert(self, cert_index: str) -> list[Candidate]:
        """Archives whose certificate number has this blind index (the plaintext is never queried)."""
        with self._engine.connect() as conn:
            rows = conn.execute(_BY_INDEX, {"idx": cert_index}).all()
        return [
            Candidate(r.id, r.cert_type, self._cipher.decrypt(r.name_cipher, f"gw_archives.name|{r.id}"), r.status)
            for r in rows
        ]

    def archive(self, archive_id: int) -> Archive | None:
        """One archive with its personal fields decrypted."""
        with self._engine.connect() as conn:
            return self._archive(conn, archive_id)

    def summary_bundle(self, archive_id: int) -> SummaryBundle | None:
        """Everything the 档案首页 shows, in two indexed queries on one connection."""
        return self.summary_bundles([archive_id]).get(archive_id)

    def summary_bundles(self, archive_ids: list[int]) -> dict[int, SummaryBundle]:
        """:meth:`summary_bundle` of several archives in two queries (missing ids are left out).

        A batch of ``me/summary`` views reads this way: the statements run once per batch, not
        twice per request (see :mod:`app.h5.summary_sql`).
        """
        with self._cursor() as cursor:
            heads, followups = self._summary.read(cursor, archive_ids)
        out: dict[int, SummaryBundle] = {}
        for r in heads:
            head = SummaryHead(
                **self._head(r),
                allergies=list(r.allergies or []),
                exam_count=int(r.exam_count),
                latest_exam_date=_as_date(r.exam_date),
                latest_bmi=r.bmi,
            )
            out[r.id] = SummaryBundle(head, [self._followup(f) for f in followups.get(r.id, ())])
        return out

    def _archive(self, conn: Connection, archive_id: int) -> Archive | None:
        r = conn.execute(_ARCHIVE, {"aid": archive_id}).first()
        if r is None:
            return None
        opt = self._optional
        return Archive(
            **self._head(r),
            basic=dict(r.basic or {}),
            phone=opt(r.phone_cipher, f"gw_archives.phone|{r.id}"),
            contact_name=opt(r.contact_name_cipher, f"gw_archives.contact_name|{r.id}"),
            contact_phone=opt(r.contact_phone_cipher, f"gw_archives.contact_phone|{r.id}"),
            created_on=r.created_on,
        )

    def _head(self, r: Any) -> dict[str, Any]:
        """The :class:`ArchiveHead` fields of a ``gw_archives`` row, name and number decrypted."""
        dec = self._cipher.decrypt
        return {
            "id": r.id,
            "phr_id": r.phr_id,
            "name": dec(r.name_cipher, f"gw_archives.name|{r.id}"),
            "cert_no": dec(r.cert_cipher, f"gw_archives.cert_no|{r.id}"),
            "sex": r.sex,
            "birth_date": r.birth_date,
            "status": r.status,
            "org_name": r.org_name,
            "responsible_doctor": r.responsible_doctor,
            "family_doctor": r.family_doctor,
            "doctor_phone": r.doctor_phone,
            "signed": bool(r.signed),
            "blood_abo": r.blood_abo,
            "blood_rh": r.blood_rh,
            "health_tags": list(r.health_tags or []),
            "updated_at": r.updated_at,
        }

    def _optional(self, blob: bytes | None, context: str) -> str | None:
        return None if blob is None else self._cipher.decrypt(blob, context)

    @staticmethod
    def _followup(r: Any, payload: dict[str, Any] | None = None) -> FollowupRow:
        return FollowupRow(
            r.id,
            r.kind,
            r.visit_date,
            r.visit_way,
            r.visit_class,
            r.sbp,
            r.dbp,
            r.fbg,
            r.next_visit_date,
            r.org_name,
            r.doctor_name,
            r.outcome,
            payload,
        )

    def followups(
        self, archive_id: int, *, kind: str | None, year: int | None, after: tuple[date, int] | None, limit: int
    ) -> list[FollowupRow]:
        """The owner's follow-ups, newest first (visit date, then id), after ``after``."""
        f = gw_followups.c
        query = select(*FOLLOWUP_LIST).where(f.archive_id == archive_id)
        if kind:
            query = query.where(f.kind == kind)
        if year:
            query = query.where(_year_range(f.visit_date, year))
        if after is not None:
            query = query.where(or_(f.visit_date < after[0], and_(f.visit_date == after[0], f.id < after[1])))
        query = query.order_by(f.visit_date.desc(), f.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            return [self._followup(r) for r in conn.execute(query)]

    def all_followups(self, archive_id: int) -> list[FollowupRow]:
        """Every follow-up of the owner (list columns only), newest first."""
        with self._engine.connect() as conn:
            return [self._followup(r) for r in conn.execute(ALL_FOLLOWUPS, {"aid": archive_id})]

    def followup_facets(self, archive_id: int) -> list[Facet]:
        """Counts per type and year."""
        return self._facets(gw_followups, gw_followups.c.visit_date, archive_id, gw_followups.c.kind)

    def _facets(self, table: Any, day: Any, archive_id: int, kind: Any | None) -> list[Facet]:
        # Years are derived in Python: portable across SQLite and PostgreSQL and cheap (few rows).
        columns = [day] + ([kind] if kind is not None else [])
        with self._engine.connect() as conn:
            rows = conn.execute(select(*columns).where(table.c.archive_id == archive_id)).all()
        counts: dict[tuple[str, int], int] = {}
        for r in rows:
            key = (r[1] if kind is not None else "EXAM", r[0].year)
            counts[key] = counts.get(key, 0) + 1
        return [Facet(k, y, n) for (k, y), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[0][1]))]

    def followup(self, archive_id: int, record_id: int) -> FollowupRow | None:
        """One follow-up with its form, only when it belongs to ``archive_id``."""
        f = gw_followups.c
        with self._engine.connect() as conn:
            r = conn.execute(
                select(*FOLLOWUP_LIST, f.payload).where(f.id == record_id, f.archive_id == archive_id)
            ).first()
        return None if r is None else self._followup(r, dict(r.payload))

    @staticmethod
    def _exam(r: Any, payload: dict[str, Any] | None = None) -> ExamRow:
        return ExamRow(
            r.id,
            r.exam_date,
            r.org_name,
            r.doctor_name,
            r.assessment,
            r.abnormal_count,
            list(r.abnormal_summary or []),
            payload,
        )

    def exams(self, archive_id: int, *, year: int | None, after: tuple[date, int] | None, limit: int) -> list[ExamRow]:
        """The owner's exams, newest first, after ``after``."""
        e = gw_exams.c
        query = select(*_EXAM_LIST).where(e.archive_id == archive_id)
        if year:
            query = query.where(_year_range(e.exam_date, year))
        if after is not None:
            query = query.where(or_(e.exam_date < after[0], and_(e.exam_date == after[0], e.id < after[1])))
        query = query.order_by(e.exam_date.desc(), e.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            return [self._exam(r) for r in conn.execute(query)]

    def exam_facets(self, archive_id: int) -> list[Facet]:
        """Counts per year."""
        return self._facets(gw_exams, gw_exams.c.exam_date, archive_id, None)

    def exam(self, archive_id: int, record_id: int) -> ExamRow | None:
        """One exam with its form, only when it belongs to ``archive_id``."""
        e = gw_exams.c
        with self._engine.connect() as conn:
            r = conn.execute(
                select(*_EXAM_LIST, e.payload).where(e.id == record_id, e.archive_id == archive_id)
            ).first()
        return None if r is None else self._exam(r, dict(r.payload))

    def latest_exam(self, archive_id: int) -> ExamRow | None:
        """The newest exam with its form."""
        with self._engine.connect() as conn:
            r = conn.execute(_LATEST_EXAM, {"aid": archive_id}).first()
        return None if r is None else self._exam(r, dict(r.payload))

    def count_exams(self, archive_id: int) -> int:
        """How many exams the owner has."""
        with self._engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(gw_exams).where(gw_exams.c.archive_id == archive_id)
                ).scalar_one()
            )
