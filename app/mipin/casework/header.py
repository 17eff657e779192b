"""The one validation of a case header, for new cases, header edits and imported packages alike.

:func:`normalise_header` checks any subset of the header fields and returns them as they are
stored; :func:`check_period` checks that the assessment period and each phase do not end before
they start, taking the fields not being changed from the case as it stands. The new-case
dialog (:meth:`app.mipin.cases.CaseHeader.validate`), the ``UpdateCase`` edit and the package
reader (:mod:`app.mipin.packages.extras`) all call these two functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from app.core.errors import InputError

PHASES = ("测评准备", "方案编制", "现场测评", "分析与报告编制")
"""The four GM/T 0116 process phases, in order."""

HEADER_FIELDS = (
    "system_name", "level", "client", "assessor", "report_no", "threshold", "period_start", "period_end", "phases"
)  # fmt: skip
"""The header fields an ``UpdateCase`` edit may change (archiving is an edit of its own)."""

_TEXT_FIELDS = {"client": "system.client", "assessor": "system.assessor", "report_no": "system.report_no"}


def _system_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError("system.name", "被测系统名称不能为空")
    return value.strip()


def _level(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value not in (1, 2, 3, 4):
        raise InputError("system.level", "等级必须是 1–4")
    return int(value)


def _threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError("threshold", "阈值必须是 0–100 之间的数")
    number = float(value)
    if math.isnan(number) or not 0 <= number <= 100:
        raise InputError("threshold", "阈值必须在 0–100 之间")
    return number


def parse_day(value: object, field: str) -> date | None:
    """A date, an ISO ``YYYY-MM-DD`` text or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(field, f"不是有效日期：{value[:40]!r}") from None
    raise InputError(field, "应为日期（YYYY-MM-DD）或空")


def _phases(value: object) -> dict[str, list[str | None]]:
    if not isinstance(value, Mapping):
        raise InputError("phases", "应为 {阶段: [开始日期, 结束日期]}")
    out: dict[str, list[str | None]] = {}
    for phase, span in value.items():
        shown = str(phase)[:40]
        if phase not in PHASES:
            raise InputError(f"phases.{shown}", f"未知的测评阶段（应为 {'、'.join(PHASES)}）")
        if not isinstance(span, Sequence) or isinstance(span, str) or len(span) != 2:
            raise InputError(f"phases.{phase}", "应为 [开始日期, 结束日期]")
        start, end = (parse_day(day, f"phases.{phase}[{i}]") for i, day in enumerate(span))
        if start and end and end < start:
            raise InputError(f"phases.{phase}", "结束日期早于开始日期")
        out[phase] = [start.isoformat() if start else None, end.isoformat() if end else None]
    return {p: out[p] for p in PHASES if p in out}


def normalise_header(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check header fields and return them as stored (names stripped, dates as dates, phases as ISO texts).

    Raises:
        InputError: Naming the first bad field (``system.name``, ``system.level``, ``threshold``,
            ``period``, ``phases.<phase>`` …); also an unknown field.
    """
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "system_name":
            out[key] = _system_name(value)
        elif key == "level":
            out[key] = _level(value)
        elif key in _TEXT_FIELDS:
            if not isinstance(value, str):
                raise InputError(_TEXT_FIELDS[key], "应为文本")
            out[key] = value
        elif key == "threshold":
            out[key] = _threshold(value)
        elif key in ("period_start", "period_end"):
            out[key] = parse_day(value, key)
        elif key == "phases":
            out[key] = _phases(value)
        else:
            raise InputError(str(key), "unknown case field")
    return out


def check_period(fields: Mapping[str, Any], current: Callable[[str], Any] | None = None) -> None:
    """Refuse an assessment period that ends before it starts.

    Args:
        fields: Normalised fields (from :func:`normalise_header`).
        current: The case's present value of a field that ``fields`` does not change (None: a
            new case, nothing else is set).

    Raises:
        InputError: ``period`` when the end date is before the start date.
    """

    def value(key: str) -> Any:
        if key in fields:
            return fields[key]
        return current(key) if current is not None else None

    start, end = value("period_start"), value("period_end")
    if start and end and end < start:
        raise InputError("period", "评估结束日期早于开始日期")
