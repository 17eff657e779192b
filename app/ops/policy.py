"""The SLA policy of an ``ops-tickets/1`` file: the contract's default clocks plus overrides.

A ``clocks`` entry named like a default clock overrides any of its fields; a new name adds a
clock, which then needs ``from``, ``to``, ``levels`` and a target. A target is exactly one of
``minutes`` (wall clock) or ``working_minutes`` (only time inside the working hours of working
days). ``calendar`` sets the working hours and the extra holidays and workdays. Every problem is
reported with its field path (``policy.clocks.resolve.working_minutes``); see
``docs/ops-tickets-format.md``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.ops.calendar import CalendarConfig, YearTable
from app.ops.contract import EVENT_TYPES, facts
from app.ops.problems import Problems, is_int, is_number, show

KINDS = ("fault", "outage", "security")
LEVELS = (1, 2, 3, 4, 5)
_CLOCK_KEYS = frozenset(
    {
        "name",
        "from",
        "to",
        "levels",
        "kinds",
        "onsite_required",
        "minutes",
        "working_minutes",
        "warning_minutes",
        "pauses",
        "source",
    }
)
_CALENDAR_KEYS = frozenset({"working_hours", "extra_holidays", "extra_workdays"})
_POLICY_KEYS = frozenset({"calendar", "clocks"})
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ClockSpec:
    """One SLA clock after the policy was applied.

    Attributes:
        key: The clock's name in the policy and the output (``response``, ``restore`` …).
        name: Its Chinese label.
        starts: Event types that start it; the first one present in the ticket wins.
        stop: The event type that stops it.
        levels: Fault levels it applies to (the ticket's latest level).
        kinds: Ticket kinds it applies to (None: every kind).
        onsite_required: Applies only to tickets that need on-site service.
        pauses: Whether paused→resumed intervals are left out.
        target: The target in (working) minutes.
        working: True for a ``working_minutes`` target.
        warning: Elapsed (working) minutes from which a pending clock is ``at_risk``.
    """

    key: str
    name: str
    starts: tuple[str, ...]
    stop: str
    levels: frozenset[int]
    kinds: frozenset[str] | None
    onsite_required: bool
    pauses: bool
    target: float
    working: bool
    warning: float

    def applies(self, level: int, kind: str, onsite_required: bool) -> bool:
        """Whether the clock runs for a ticket of this level, kind and on-site flag."""
        return (
            level in self.levels
            and (self.kinds is None or kind in self.kinds)
            and (onsite_required or not self.onsite_required)
        )


@dataclass(frozen=True)
class Policy:
    """The clocks and the working calendar a set of tickets is evaluated with.

    Attributes:
        clocks: Every clock, defaults first (in the contract's order), then added ones.
        calendar: Working hours and the policy's extra holidays/workdays.
        raw: The policy object as given (for writing it back out).
    """

    clocks: tuple[ClockSpec, ...]
    calendar: CalendarConfig
    raw: dict[str, Any] = field(default_factory=dict)

    def with_years(self, years: tuple[YearTable, ...]) -> Policy:
        """The same policy with the user's per-year calendar tables added."""
        cal = CalendarConfig(
            windows=self.calendar.windows,
            extra_holidays=self.calendar.extra_holidays,
            extra_workdays=self.calendar.extra_workdays,
            years=years,
        )
        return Policy(clocks=self.clocks, calendar=cal, raw=self.raw)


def default_policy() -> Policy:
    """The contract's clocks with no overrides."""
    return parse_policy({})


def parse_policy(raw: object, path: str = "policy", problems: Problems | None = None) -> Policy:
    """Validate a policy object and merge it with the default clocks.

    Args:
        raw: The decoded ``policy`` value (None or ``{}`` for the defaults).
        path: The field path used in messages.
        problems: Collects the errors; when None, they are raised at once.

    Raises:
        InputErrors: The policy is bad (only when ``problems`` is None).
    """
    own = problems is None
    probs = problems if problems is not None else Problems()
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        probs.add(path, f"策略必须是 JSON 对象，而不是 {show(raw)}")
        raw = {}
    for key in raw:
        if key not in _POLICY_KEYS:
            probs.add(f"{path}.{key}", "未知的策略字段（可用：calendar、clocks）")
    calendar = _parse_calendar(raw.get("calendar"), f"{path}.calendar", probs)
    clocks = _parse_clocks(raw.get("clocks"), f"{path}.clocks", probs)
    if own:
        probs.raise_if_any()
    return Policy(clocks=clocks, calendar=calendar, raw=dict(raw))


# -- calendar -------------------------------------------------------------------------------------


def _minutes_of(text: object, where: str, probs: Problems) -> int | None:
    if not isinstance(text, str) or not (m := _HHMM.match(text)):
        probs.add(where, f"时间应为 HH:MM（00:00–24:00），而不是 {show(text)}")
        return None
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    if minutes > 24 * 60:
        probs.add(where, f"时间 {text} 超出 24:00")
        return None
    return minutes


def _parse_windows(raw: object, where: str, probs: Problems) -> tuple[tuple[int, int], ...] | None:
    if not isinstance(raw, list) or not raw:
        probs.add(where, '工作时间应为非空数组，如 [["08:30", "12:00"], ["14:30", "17:30"]]')
        return None
    windows: list[tuple[int, int]] = []
    for i, pair in enumerate(raw):
        w = f"{where}[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            probs.add(w, f"应为 [开始, 结束] 两个时间，而不是 {show(pair)}")
            continue
        start, end = _minutes_of(pair[0], f"{w}[0]", probs), _minutes_of(pair[1], f"{w}[1]", probs)
        if start is None or end is None:
            continue
        if start >= end:
            probs.add(w, f"开始时间 {pair[0]} 不早于结束时间 {pair[1]}")
            continue
        windows.append((start, end))
    windows.sort()
    for (s1, e1), (s2, _e2) in itertools.pairwise(windows):
        if s2 < e1:
            probs.add(where, f"工作时间段重叠（{s1 // 60:02d}:{s1 % 60:02d} 开始的时段与下一时段）")
            return None
    return tuple(windows)


def _parse_dates(raw: object, where: str, probs: Problems) -> frozenset[date]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list):
        probs.add(where, '应为日期数组，如 ["2027-01-01"]')
        return frozenset()
    days: set[date] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, str) or not _DATE.match(item):
            probs.add(f"{where}[{i}]", f"日期应为 YYYY-MM-DD，而不是 {show(item)}")
            continue
        try:
            days.add(date.fromisoformat(item))
        except ValueError:
            probs.add(f"{where}[{i}]", f"不存在的日期 {item}")
    return frozenset(days)


def _parse_calendar(raw: object, where: str, probs: Problems) -> CalendarConfig:
    default_windows = tuple(
        (int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])) for a, b in facts().working_hours
    )
    if raw is None:
        return CalendarConfig(windows=default_windows)
    if not isinstance(raw, dict):
        probs.add(where, f"日历必须是 JSON 对象，而不是 {show(raw)}")
        return CalendarConfig(windows=default_windows)
    for key in raw:
        if key not in _CALENDAR_KEYS:
            probs.add(f"{where}.{key}", "未知的日历字段（可用：working_hours、extra_holidays、extra_workdays）")
    windows = default_windows
    if "working_hours" in raw:
        windows = _parse_windows(raw["working_hours"], f"{where}.working_hours", probs) or default_windows
    holidays = _parse_dates(raw.get("extra_holidays"), f"{where}.extra_holidays", probs)
    workdays = _parse_dates(raw.get("extra_workdays"), f"{where}.extra_workdays", probs)
    for both in sorted(holidays & workdays):
        probs.add(f"{where}.extra_workdays", f"{both.isoformat()} 同时列在 extra_holidays 中")
    return CalendarConfig(windows=windows, extra_holidays=holidays, extra_workdays=workdays)


# -- clocks ---------------------------------------------------------------------------------------


def _check_event_type(value: object, where: str, probs: Problems) -> bool:
    if not isinstance(value, str) or value not in EVENT_TYPES:
        probs.add(where, f"未知的事件类型 {show(value)}")
        return False
    return True


def _check_events(entry: dict[str, Any], where: str, probs: Problems) -> None:
    if "from" in entry:
        starts = entry["from"]
        if isinstance(starts, list):
            if not starts:
                probs.add(f"{where}.from", "起点事件列表不能为空")
            for i, item in enumerate(starts):
                _check_event_type(item, f"{where}.from[{i}]", probs)
        else:
            _check_event_type(starts, f"{where}.from", probs)
    if "to" in entry:
        _check_event_type(entry["to"], f"{where}.to", probs)


def _check_scope(entry: dict[str, Any], where: str, probs: Problems) -> None:
    if "levels" in entry:
        levels = entry["levels"]
        if not isinstance(levels, list) or not levels or not all(is_int(v) and v in LEVELS for v in levels):
            probs.add(f"{where}.levels", f"应为 1–5 的故障等级数组，而不是 {show(levels)}")
    if "kinds" in entry:
        kinds = entry["kinds"]
        if kinds is not None and (not isinstance(kinds, list) or not kinds or not all(k in KINDS for k in kinds)):
            probs.add(f"{where}.kinds", f"应为工单类型数组（fault、outage、security），而不是 {show(kinds)}")
    for flag in ("pauses", "onsite_required"):
        if flag in entry and not isinstance(entry[flag], bool):
            probs.add(f"{where}.{flag}", f"应为 true 或 false，而不是 {show(entry[flag])}")


def _check_numbers(entry: dict[str, Any], where: str, probs: Problems) -> None:
    for number in ("minutes", "working_minutes", "warning_minutes"):
        if number not in entry or (number == "warning_minutes" and entry[number] is None):
            continue
        if not (is_number(entry[number]) and entry[number] > 0):
            probs.add(f"{where}.{number}", f"应为正数（分钟），而不是 {show(entry[number])}")
    if "minutes" in entry and "working_minutes" in entry:
        probs.add(where, "目标只能是 minutes 或 working_minutes 之一，不能同时给出")


def _check_fields(entry: dict[str, Any], where: str, probs: Problems) -> None:
    for key in entry:
        if key not in _CLOCK_KEYS:
            probs.add(f"{where}.{key}", "未知的时钟字段")
    _check_events(entry, where, probs)
    _check_scope(entry, where, probs)
    _check_numbers(entry, where, probs)
    if "name" in entry and not isinstance(entry["name"], str):
        probs.add(f"{where}.name", "应为字符串")


def _merge(default: dict[str, Any] | None, entry: dict[str, Any]) -> dict[str, Any]:
    merged = dict(default or {})
    if "minutes" in entry or "working_minutes" in entry:
        merged.pop("minutes", None)
        merged.pop("working_minutes", None)
        if "warning_minutes" not in entry:
            merged.pop("warning_minutes", None)  # a warning for the old target no longer fits
    merged.update(entry)
    return merged


def _build(key: str, spec: dict[str, Any], where: str, probs: Problems) -> ClockSpec | None:
    missing = [k for k in ("from", "to", "levels") if k not in spec]
    if "minutes" not in spec and "working_minutes" not in spec:
        missing.append("minutes 或 working_minutes")
    if missing:
        probs.add(where, f"新增时钟 “{key}” 缺少 {'、'.join(missing)}")
        return None
    working = "working_minutes" in spec
    target = float(spec["working_minutes"] if working else spec["minutes"])
    warning_raw = spec.get("warning_minutes")
    warning = float(warning_raw) if warning_raw is not None else target * facts().at_risk_ratio
    if warning > target:
        probs.add(f"{where}.warning_minutes", f"预警 {show(warning_raw)} 分钟超过目标 {show(target)} 分钟")
    starts = spec["from"]
    starts_t = tuple(starts) if isinstance(starts, list) else (starts,)
    if spec["to"] in starts_t:
        probs.add(f"{where}.to", f"终点事件 {spec['to']} 与起点相同")
    kinds = spec.get("kinds")
    return ClockSpec(
        key=key,
        name=str(spec.get("name") or key),
        starts=starts_t,
        stop=spec["to"],
        levels=frozenset(spec["levels"]),
        kinds=frozenset(kinds) if kinds is not None else None,
        onsite_required=bool(spec.get("onsite_required", False)),
        pauses=bool(spec.get("pauses", False)),
        target=int(target) if target.is_integer() else target,
        working=working,
        warning=warning,
    )


def _parse_clocks(raw: object, where: str, probs: Problems) -> tuple[ClockSpec, ...]:
    defaults = facts().clocks
    entries: dict[str, Any] = {}
    if raw is not None:
        if isinstance(raw, dict):
            entries = raw
        else:
            probs.add(where, f"clocks 必须是 JSON 对象，而不是 {show(raw)}")
    specs: list[ClockSpec] = []
    keys = list(defaults) + [k for k in entries if k not in defaults]
    for key in keys:
        w = f"{where}.{key}"
        entry = entries.get(key, {})
        if not isinstance(entry, dict):
            probs.add(w, f"时钟设置必须是 JSON 对象，而不是 {show(entry)}")
            entry = {}
        if not key:
            probs.add(w, "时钟名称不能为空")
            continue
        before = len(probs.errors)
        _check_fields(entry, w, probs)
        if len(probs.errors) != before:
            continue
        clock = _build(key, _merge(defaults.get(key), entry), w, probs)
        if clock is not None:
            specs.append(clock)
    return tuple(specs)
