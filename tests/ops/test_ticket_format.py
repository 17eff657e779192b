"""``ops-tickets/1`` validation: each input error names the ticket and the event index."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.errors import InputErrors
from app.ops.ticketformat import dump_tickets, parse_tickets
from tests.ops.helpers import doc, ev, ticket

R = ev("reported", "2026-03-02T09:00:00+08:00")


def first_error(document: Any) -> str:
    with pytest.raises(InputErrors) as info:
        parse_tickets(document)
    return str(info.value.errors[0])


def test_acknowledged_before_reported_in_time() -> None:
    msg = first_error(doc(ticket(events=[R, ev("acknowledged", "2026-03-02T08:50:00+08:00")])))
    assert msg.startswith("tickets[0].events[1]: ")
    assert "T-001" in msg and "事件 1" in msg and "acknowledged" in msg


def test_acknowledged_listed_before_reported() -> None:
    msg = first_error(doc(ticket(events=[ev("acknowledged", "2026-03-02T08:50:00+08:00"), R])))
    assert msg.startswith("tickets[0].events[0]: ") and "T-001" in msg and "reported" in msg


def test_events_out_of_order_in_a_later_ticket() -> None:
    bad = ticket("T-002", events=[R, ev("acknowledged", "2026-03-02T09:10:00"), ev("restored", "2026-03-02T09:05:00")])
    msg = first_error(doc(ticket(), bad))
    assert msg.startswith("tickets[1].events[2]: ") and "T-002" in msg


def test_same_instant_as_the_previous_event_is_allowed() -> None:
    parsed, _ = parse_tickets(doc(ticket(events=[R, ev("acknowledged", "2026-03-02T09:00:00+08:00")])))
    assert len(parsed.tickets[0].events) == 2


@pytest.mark.parametrize(
    ("tk", "field", "needle"),
    [
        (ticket(events=[R, ev("escalated", "2026-03-02T09:10:00")]), "tickets[0].events[1].type", "escalated"),
        (ticket(level=7), "tickets[0].level", "7"),
        (ticket(level="1"), "tickets[0].level", "1"),
        (ticket(level=True), "tickets[0].level", "true"),
        (ticket(events=[R, ev("level_changed", "2026-03-02T09:10:00", level=0)]), "tickets[0].events[1].level", "0"),
        (ticket(events=[R, ev("level_changed", "2026-03-02T09:10:00")]), "tickets[0].events[1].level", "null"),
        (ticket(kind="security", category="外星人入侵"), "tickets[0].category", "外星人入侵"),
        (ticket(kind="security"), "tickets[0].category", "安全事件"),
        (ticket(kind="incident"), "tickets[0].kind", "incident"),
        (ticket(events=[R, ev("resumed", "2026-03-02T09:10:00")]), "tickets[0].events[1]", "resumed"),
        (ticket(events=[R, ev("reopened", "2026-03-02T09:10:00")]), "tickets[0].events[1]", "reopened"),
        (ticket(events=[R, ev("paused", "2026-03-02T09:10:00")]), "tickets[0].events[1].reason", "原因"),
        (
            ticket(
                events=[
                    R,
                    ev("paused", "2026-03-02T09:10:00", reason="a"),
                    ev("paused", "2026-03-02T09:20:00", reason="b"),
                ]
            ),
            "tickets[0].events[2]",
            "挂起",
        ),
        (ticket(events=[R, ev("acknowledged", "2026-03-02")]), "tickets[0].events[1].at", "2026-03-02"),
        (ticket(events=[R, ev("acknowledged", "yesterday")]), "tickets[0].events[1].at", "yesterday"),
        (ticket(events=[R, R]), "tickets[0].events[1]", "reported"),
        (ticket(events=[]), "tickets[0].events", "reported"),
        (ticket(id=""), "tickets[0].id", "编号"),
        (ticket(onsite_required="yes"), "tickets[0].onsite_required", "yes"),
    ],
)
def test_each_input_error_names_its_field(tk: dict[str, Any], field: str, needle: str) -> None:
    msg = first_error(doc(tk))
    assert msg.startswith(field + ": "), msg
    assert needle in msg


def test_reopened_after_resolved_and_resumed_after_paused_are_valid() -> None:
    events = [
        R,
        ev("paused", "2026-03-02T09:10:00", reason="x"),
        ev("resumed", "2026-03-02T09:20:00"),
        ev("resolved", "2026-03-02T10:00:00"),
        ev("reopened", "2026-03-02T11:00:00"),
        ev("resolved", "2026-03-02T12:00:00"),
        ev("reopened", "2026-03-02T13:00:00"),
    ]
    parsed, _ = parse_tickets(doc(ticket(events=events)))
    assert [e.type for e in parsed.tickets[0].events][-1] == "reopened"


def test_second_reopen_without_a_new_resolve_is_an_error() -> None:
    events = [
        R,
        ev("resolved", "2026-03-02T10:00:00"),
        ev("reopened", "2026-03-02T11:00:00"),
        ev("reopened", "2026-03-02T12:00:00"),
    ]
    assert first_error(doc(ticket(events=events))).startswith("tickets[0].events[3]: ")


def test_duplicate_ticket_ids() -> None:
    msg = first_error(doc(ticket("T-9"), ticket("T-8"), ticket("T-9")))
    assert msg.startswith("tickets[2].id: ") and "T-9" in msg and "tickets[0]" in msg


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ({"clocks": {"response": {"minutes": -5}}}, "policy.clocks.response.minutes"),
        ({"clocks": {"response": {"minutes": "30"}}}, "policy.clocks.response.minutes"),
        ({"clocks": {"response": {"minutes": 20, "working_minutes": 20}}}, "policy.clocks.response"),
        (
            {"clocks": {"resolve": {"levels": [4, 5], "from": "reported", "working_minutes": 960}}},
            "policy.clocks.resolve",
        ),
        ({"clocks": {"resolve": {"levels": [4, 5], "from": "reported", "to": "resolved"}}}, "policy.clocks.resolve"),
        (
            {"clocks": {"resolve": {"levels": [6], "from": "reported", "to": "resolved", "minutes": 5}}},
            "policy.clocks.resolve.levels",
        ),
        (
            {"clocks": {"resolve": {"levels": [5], "from": "opened", "to": "resolved", "minutes": 5}}},
            "policy.clocks.resolve.from",
        ),
        (
            {
                "clocks": {
                    "resolve": {"levels": [5], "from": "reported", "to": "resolved", "minutes": 5, "kinds": ["bug"]}
                }
            },
            "policy.clocks.resolve.kinds",
        ),
        ({"clocks": {"response": {"minuts": 20}}}, "policy.clocks.response.minuts"),
        ({"clocks": {"response": {"pauses": "yes"}}}, "policy.clocks.response.pauses"),
        ({"clocks": {"response": 30}}, "policy.clocks.response"),
        ({"clocks": []}, "policy.clocks"),
        ({"calendar": {"working_hours": [["08:30", "25:00"]]}}, "policy.calendar.working_hours[0][1]"),
        ({"calendar": {"working_hours": [["12:00", "08:30"]]}}, "policy.calendar.working_hours[0]"),
        ({"calendar": {"working_hours": [["08:00", "12:00"], ["11:00", "13:00"]]}}, "policy.calendar.working_hours"),
        ({"calendar": {"working_hours": []}}, "policy.calendar.working_hours"),
        ({"calendar": {"extra_holidays": ["2027-02-30"]}}, "policy.calendar.extra_holidays[0]"),
        ({"calendar": {"extra_holidays": ["1/1/2027"]}}, "policy.calendar.extra_holidays[0]"),
        (
            {"calendar": {"extra_holidays": ["2027-01-01"], "extra_workdays": ["2027-01-01"]}},
            "policy.calendar.extra_workdays",
        ),
        ({"calendar": {"timezone": "UTC"}}, "policy.calendar.timezone"),
        ({"sla": {}}, "policy.sla"),
        ([], "policy"),
    ],
)
def test_bad_policies(policy: Any, field: str) -> None:
    msg = first_error(doc(ticket(), policy=policy) | {"policy": policy})
    assert msg.startswith(field + ": "), msg


def test_wrong_format_and_non_object() -> None:
    assert first_error({"format": "ops-tickets/2", "tickets": []}).startswith("format: ")
    assert "ops-tickets/1" in first_error([])
    assert first_error({"format": "ops-tickets/1", "tickets": {}}).startswith("tickets: ")


def test_every_problem_is_collected() -> None:
    with pytest.raises(InputErrors) as info:
        parse_tickets(doc(ticket(level=9), ticket("T-002", kind="x")))
    fields = [e.field for e in info.value.errors]
    assert fields == ["tickets[0].level", "tickets[1].kind"]


def test_unknown_fields_are_notices_not_errors() -> None:
    parsed, _ = parse_tickets(doc(ticket(priority="高", events=[ev("reported", "2026-03-02T09:00:00", mood="ok")])))
    assert parsed.notices == ("tickets[0].priority: 未知字段，已忽略", "tickets[0].events[0].mood: 未知字段，已忽略")


def test_dump_round_trips() -> None:
    events = [
        ev("reported", "2026-03-02T09:00:00", channel="电话", by="李医生"),
        ev("paused", "2026-03-02T09:10:00", reason="等待"),
        ev("resumed", "2026-03-02T09:20:00"),
        ev("level_changed", "2026-03-02T09:30:00", level=2),
        ev("note", "2026-03-02T09:40:00", text="备注"),
    ]
    original = doc(
        ticket(events=events, assignee="王工", evaluation={"readiness": {"mark": "降级", "note": "预案完备"}}),
        ticket("S-1", kind="security", category="非法访问"),
        policy={"clocks": {"response": {"minutes": 20}}},
    )
    parsed, _ = parse_tickets(original)
    assert parsed.tickets[0].events[0].channel == "phone"
    again, _ = parse_tickets(dump_tickets(parsed))
    assert again == parsed
