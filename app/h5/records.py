"""The records the 公卫 read model is read into: plain, frozen dataclasses.

:class:`~app.h5.archives.SqlArchiveRepository` builds them from the ``gw_*`` rows (personal
fields already decrypted); the presenters (:mod:`app.h5.views`) mask and serialise them, and the
match rule (:mod:`app.h5.matching`) reads the :class:`Candidate` list. They hold no behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """An archive found by the blind index of a certificate number."""

    archive_id: int
    cert_type: str
    name: str
    status: str


@dataclass(frozen=True)
class ArchiveHead:
    """The archive fields every view of a resident's archive shows (name and number decrypted)."""

    id: int
    phr_id: str
    name: str
    cert_no: str
    sex: str
    birth_date: date
    status: str
    org_name: str
    responsible_doctor: str
    family_doctor: str
    doctor_phone: str
    signed: bool
    blood_abo: str
    blood_rh: str
    health_tags: list[dict[str, str]]
    updated_at: datetime


@dataclass(frozen=True)
class Archive(ArchiveHead):
    """One resident's whole archive (personal fields decrypted; mask before showing)."""

    basic: dict[str, Any]
    phone: str | None
    contact_name: str | None
    contact_phone: str | None
    created_on: date


@dataclass(frozen=True)
class FollowupRow:
    """A follow-up (随访) record; ``payload`` holds the national form's fields (detail only)."""

    id: int
    kind: str
    visit_date: date
    visit_way: str
    visit_class: str
    sbp: int | None
    dbp: int | None
    fbg: float | None
    next_visit_date: date | None
    org_name: str
    doctor_name: str
    outcome: str
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class ExamRow:
    """An annual health examination (健康体检); ``payload`` holds the form's sections (detail only)."""

    id: int
    exam_date: date
    org_name: str
    doctor_name: str
    assessment: str
    abnormal_count: int
    abnormal_summary: list[str]
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class SummaryHead(ArchiveHead):
    """What the 档案首页 shows of the archive: the head fields, the allergies and the exam figures."""

    allergies: list[Any]
    exam_count: int
    latest_exam_date: date | None
    latest_bmi: Any
    """The newest exam's ``general.bmi`` as stored (the presenter keeps it only when it is a number)."""


@dataclass(frozen=True)
class SummaryBundle:
    """What the 档案首页 needs, read on one connection in two queries."""

    head: SummaryHead
    followups: list[FollowupRow]


@dataclass(frozen=True)
class Facet:
    """How many records of one type fall in one year."""

    kind: str
    year: int
    count: int
