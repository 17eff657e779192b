"""Fuzzing ``ops-tickets/1`` and the spreadsheet reader: bad input is an InputError, never a crash."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import InputError
from app.ops import timeutil as tu
from app.ops.clocks import ClockEngine
from app.ops.ticketformat import parse_tickets
from tests.ops.helpers import doc, ev, ticket

SETTINGS = settings(max_examples=300, derandomize=True, database=None, deadline=None)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
KEYS = [
    "format",
    "policy",
    "tickets",
    "id",
    "level",
    "kind",
    "category",
    "events",
    "type",
    "at",
    "reason",
    "clocks",
    "calendar",
    "working_hours",
    "minutes",
    "working_minutes",
    "levels",
    "from",
    "to",
]


def _base() -> dict[str, Any]:
    return doc(
        ticket(
            events=[
                ev("reported", "2026-03-02T09:00:00"),
                ev("paused", "2026-03-02T09:10:00", reason="x"),
                ev("resumed", "2026-03-02T09:20:00"),
                ev("resolved", "2026-03-02T10:00:00"),
            ]
        ),
        policy={"clocks": {"resolve": {"levels": [1], "from": "reported", "to": "resolved", "working_minutes": 60}}},
    )


def _mutate(node: Any, path: list[Any], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(node, dict):
        copy = dict(node)
        key = head if isinstance(head, str) else (list(copy)[head % len(copy)] if copy else "x")
        copy[key] = _mutate(copy.get(key), rest, value)
        return copy
    if isinstance(node, list) and node:
        items = list(node)
        index = head % len(items) if isinstance(head, int) else 0
        items[index] = _mutate(items[index], rest, value)
        return items
    return value


def _check(document: Any) -> None:
    try:
        parsed, policy = parse_tickets(json.loads(json.dumps(document)))
    except InputError as exc:
        assert str(exc)
        return
    at = tu.to_us(tu.parse_instant("2026-03-03T00:00:00"))
    ClockEngine(policy).evaluate_all(parsed.tickets, at)  # a valid document always evaluates


@SETTINGS
@given(st.lists(st.sampled_from(KEYS) | st.integers(0, 5), min_size=1, max_size=5), JSON)
def test_a_mutated_document_is_valid_or_an_input_error(path: list[Any], value: Any) -> None:
    _check(_mutate(_base(), path, value))


@SETTINGS
@given(JSON)
def test_arbitrary_json_is_an_input_error(value: Any) -> None:
    _check(value)


@settings(max_examples=120, derandomize=True, database=None, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(max_size=8) | st.sampled_from(["一级", "报告", "挂起", "2026-03-02 09:00", "T-1"]),
            min_size=4,
            max_size=4,
        ),
        max_size=6,
    )
)
def test_a_spreadsheet_of_anything_is_valid_or_an_input_error(tmp_path_factory: Any, rows: list[list[str]]) -> None:
    import csv

    from app.ops.tabular import read_table

    path = tmp_path_factory.mktemp("csv") / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工单编号", "等级", "事件", "时间"])
        writer.writerows(rows)
    try:
        read_table(path)
    except InputError as exc:
        assert str(exc)
