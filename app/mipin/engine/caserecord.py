"""The record-keeping part of a case: what the report prints besides the results (optional in ``mipin-case/1``).

Scoring never reads these. They make the exchange file carry the whole case: the assessment
period and the four GM/T 0116 phases, the test objects' types, the ticked 测评实施 items of each
unit (``UnitInput.checklist``), when each risk decision was made (``RiskDecision.decided_at``), the
chapter-6 risk ratings and the evidence references (file name, SHA-256, reliability …; the files
themselves travel in a case package). All fields are optional and documented in
``docs/mipin-case-format.md`` §1.6.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.core.clock import LOCAL_ZONE

PHASES = ("测评准备", "方案编制", "现场测评", "分析与报告编制")
"""The four GM/T 0116 process phases, in order."""

CHINA_TIME = LOCAL_ZONE
"""The zone the exchange file writes times in: the workbench's zone (:data:`app.core.clock.LOCAL_ZONE`, UTC+8)."""

RATING_LEVELS = ("高", "中", "低")
"""Likelihood and impact ratings of the chapter-6 risk analysis (``risk_matrix.json``)."""


@dataclass(frozen=True)
class Span:
    """A start and an end date (either may be unknown)."""

    start: date | None = None
    end: date | None = None

    @property
    def empty(self) -> bool:
        """Neither date is known."""
        return self.start is None and self.end is None


@dataclass(frozen=True)
class PhaseDates:
    """The dates of one GM/T 0116 phase."""

    phase: str
    span: Span


@dataclass(frozen=True)
class ObjectDefinition:
    """A test object defined for the case: its type (report chapter 2.4) and a note.

    An object may be defined without being tested in any unit yet.
    """

    name: str
    kind: str = ""
    note: str = ""


@dataclass(frozen=True)
class RiskRatingInput:
    """The likelihood and impact rated for one unit (report chapter 6)."""

    unit: str
    likelihood: str
    impact: str
    note: str = ""


@dataclass(frozen=True)
class EvidenceRef:
    """A reference to one evidence file (the file itself is not in the exchange file).

    Attributes:
        file: The file name when it was attached.
        sha256: SHA-256 of the content (64 lower-case hex digits; the store's name of the file).
        reliability: Reliability class 1–3 (2024 测评实施指引).
        method: How it was obtained (访谈, 工具测试 …).
        kind: ``screenshot``, ``config``, ``capture``, ``certificate``, ``document`` or ``other``.
        unit: The unit it is evidence for, or None for evidence about the object in every unit.
        object: The object it is evidence for, or None for evidence about the unit.
        size: Bytes.
        added_at: When it was attached (timezone-aware).
        note: Free text.
        details: Observed D/A/K marks and certificate details (JSON object).
    """

    file: str
    sha256: str
    reliability: int
    method: str = ""
    kind: str = "document"
    unit: str | None = None
    object: str | None = None
    size: int | None = None
    added_at: datetime | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What identifies the item within its case."""
        return (self.sha256, self.unit, self.object)


def iso_time(moment: datetime) -> str:
    """A time as the exchange file writes it: ISO 8601 in UTC+8, ``2026-03-20T15:30:00+08:00``."""
    return moment.astimezone(CHINA_TIME).isoformat()
