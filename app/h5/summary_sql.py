"""The statements behind the 档案首页 (``me/summary``), for one archive or a batch of them.

The summary is the hottest read of the service. A batch of group-committed views
(:mod:`app.h5.batch`) reads all of its summaries in two statements — the archives with their
exam figures, then their follow-ups — instead of two per request: the per-statement cost
(binding, stepping, the driver round trip, a hand-over of the interpreter lock per call) is
paid once per batch. The ids go in as an ``IN`` list of a fixed size (1, 4, 16 or 64 places,
the last id repeated to fill it), so a handful of prepared statements serve every batch size
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, bindparam, func, select

from app.h5.prepared import Prepared
from app.h5.tables import gw_archives, gw_exams, gw_followups

FOLLOWUP_LIST = (
    gw_followups.c.id,
    gw_followups.c.kind,
    gw_followups.c.visit_date,
    gw_followups.c.visit_way,
    gw_followups.c.visit_class,
    gw_followups.c.sbp,
    gw_followups.c.dbp,
    gw_followups.c.fbg,
    gw_followups.c.next_visit_date,
    gw_followups.c.org_name,
    gw_followups.c.doctor_name,
    gw_followups.c.outcome,
)
"""The follow-up columns the lists and the summary show (not the form)."""

NEWEST_FOLLOWUPS = (gw_followups.c.visit_date.desc(), gw_followups.c.id.desc())
ALL_FOLLOWUPS = select(*FOLLOWUP_LIST).where(gw_followups.c.archive_id == bindparam("aid")).order_by(*NEWEST_FOLLOWUPS)
"""Every follow-up of one owner, newest first."""

SIZES = (1, 4, 16, 64)
"""The ``IN`` list sizes prepared (a batch holds at most 64 requests, see app.h5.batch)."""

# Only the columns the summary shows, and from the exams (by correlated subqueries on the
# (archive_id, exam_date) index) the count, the newest date and the newest BMI — extracted in SQL
# instead of loading and parsing the whole exam form.
_OWN_EXAMS = gw_exams.c.archive_id == gw_archives.c.id
_NEWEST_EXAMS = (gw_exams.c.exam_date.desc(), gw_exams.c.id.desc())
_SUMMARY_COLUMNS = (
    gw_archives.c.id,
    gw_archives.c.phr_id,
    gw_archives.c.name_cipher,
    gw_archives.c.cert_cipher,
    gw_archives.c.sex,
    gw_archives.c.birth_date,
    gw_archives.c.status,
    gw_archives.c.org_name,
    gw_archives.c.responsible_doctor,
    gw_archives.c.family_doctor,
    gw_archives.c.doctor_phone,
    gw_archives.c.signed,
    gw_archives.c.blood_abo,
    gw_archives.c.blood_rh,
    gw_archives.c.health_tags,
    gw_archives.c.basic["allergies"].label("allergies"),
    gw_archives.c.updated_at,
    select(func.count()).where(_OWN_EXAMS).scalar_subquery().label("exam_count"),
    select(gw_exams.c.exam_date)
    .where(_OWN_EXAMS)
    .order_by(*_NEWEST_EXAMS)
    .limit(1)
    .scalar_subquery()
    .label("exam_date"),
    select(gw_exams.c.payload[("general", "bmi")])
    .where(_OWN_EXAMS)
    .order_by(*_NEWEST_EXAMS)
    .limit(1)
    .scalar_subquery()
    .label("bmi"),
)


def _places(size: int) -> list[Any]:
    return [bindparam(f"id{i}", type_=gw_archives.c.id.type) for i in range(size)]


def _heads(size: int) -> Any:
    return select(*_SUMMARY_COLUMNS).where(gw_archives.c.id.in_(_places(size)))


def _followups(size: int) -> Any:
    # Grouped by owner in Python; within an owner newest first, as ALL_FOLLOWUPS.
    return (
        select(gw_followups.c.archive_id.label("owner"), *FOLLOWUP_LIST)
        .where(gw_followups.c.archive_id.in_(_places(size)))
        .order_by(gw_followups.c.archive_id, *NEWEST_FOLLOWUPS)
    )


class SummaryStatements:
    """The two summary statements per ``IN`` list size, prepared for one engine (lazily).

    Args:
        engine: The read-only archive engine.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._prepared: dict[int, tuple[Prepared, Prepared]] = {}

    def _for(self, size: int) -> tuple[Prepared, Prepared]:
        pair = self._prepared.get(size)
        if pair is None:
            # Two threads may build the same pair at once; either result is the same statement.
            pair = (Prepared(self._engine, _heads(size)), Prepared(self._engine, _followups(size)))
            self._prepared[size] = pair
        return pair

    def read(self, cursor: Any, archive_ids: Sequence[int]) -> tuple[list[Any], dict[int, list[Any]]]:
        """The summary rows of ``archive_ids`` and their follow-ups by owner (newest first).

        Returns:
            The archive rows (one per existing id, in no particular order) and, per archive id,
            its follow-up rows.
        """
        heads: list[Any] = []
        followups: dict[int, list[Any]] = {}
        unique = list(dict.fromkeys(archive_ids))
        at = 0
        while at < len(unique):
            chunk = unique[at : at + SIZES[-1]]
            at += len(chunk)
            size = next(s for s in SIZES if s >= len(chunk))
            params = {f"id{i}": chunk[min(i, len(chunk) - 1)] for i in range(size)}
            head_stmt, followup_stmt = self._for(size)
            heads += head_stmt.all(cursor, params)
            for row in followup_stmt.all(cursor, params):
                followups.setdefault(row.owner, []).append(row)
        return heads, followups
