"""The SLA clock rules of issue #11, one test per rule, with hand-computed expectations."""

from __future__ import annotations

from tests.ops.helpers import clocks, doc, ev, evaluate, ticket

D = "2026-03-02T"  # a Monday, no holiday


def t(hhmm: str, day: str = D) -> str:
    return f"{day}{hhmm}:00+08:00"


def test_response_met_and_other_default_clocks_of_level_1() -> None:
    d = doc(ticket(events=[ev("reported", t("09:00")), ev("acknowledged", t("09:20"))]))
    c = clocks(d, t("10:00"))
    assert set(c) == {"response", "restore", "fix"}
    assert c["response"] == {"target_minutes": 30, "due": t("09:30"), "elapsed_minutes": 20.0, "status": "met"}
    assert c["restore"] == {"target_minutes": 240, "due": t("13:00"), "elapsed_minutes": 60.0, "status": "pending"}
    assert c["fix"] == {"target_minutes": 720, "due": t("21:00"), "elapsed_minutes": 60.0, "status": "pending"}


def test_response_breached_when_acknowledged_late() -> None:
    d = doc(ticket(events=[ev("reported", t("09:00")), ev("acknowledged", t("09:35"))]))
    assert clocks(d, t("10:00"))["response"] == {
        "target_minutes": 30,
        "due": t("09:30"),
        "elapsed_minutes": 35.0,
        "status": "breached",
    }


def test_running_clock_breaches_without_stopping() -> None:
    d = doc(ticket(level=4))
    c = clocks(d, t("09:31"))
    assert c == {"response": {"target_minutes": 30, "due": t("09:30"), "elapsed_minutes": 31.0, "status": "breached"}}


def test_at_risk_from_75_percent_and_counted_as_pending() -> None:
    d = doc(ticket(level=5))
    assert clocks(d, "2026-03-02T09:22:29+08:00")["response"]["status"] == "pending"
    out = evaluate(d, "2026-03-02T09:22:30+08:00")
    assert out["tickets"][0]["clocks"]["response"]["status"] == "at_risk"
    assert out["tickets"][0]["clocks"]["response"]["elapsed_minutes"] == 22.5
    assert out["summary"] == {"met": 0, "breached": 0, "pending": 1, "compliance": 100.0}


def test_exactly_on_target_is_met() -> None:
    d = doc(ticket(level=5, events=[ev("reported", t("09:00")), ev("acknowledged", t("09:30"))]))
    assert clocks(d, t("12:00"))["response"]["status"] == "met"


def test_elapsed_rounded_to_two_decimals_and_status_uses_the_rounded_value() -> None:
    d = doc(ticket(level=5, events=[ev("reported", "2026-03-02T09:00:00"), ev("acknowledged", "2026-03-02T09:10:01")]))
    assert clocks(d, t("12:00"))["response"]["elapsed_minutes"] == 10.02  # 10.0166… half-up
    d = doc(
        ticket(level=5, events=[ev("reported", t("09:00")), ev("acknowledged", "2026-03-02T09:30:00.200000+08:00")])
    )
    # 30.0033 min rounds to 30.0, which is not more than the target.
    assert clocks(d, t("12:00"))["response"] == {
        "target_minutes": 30,
        "due": t("09:30"),
        "elapsed_minutes": 30.0,
        "status": "met",
    }


def test_times_without_offset_are_shanghai_and_other_offsets_are_converted() -> None:
    d = doc(ticket(level=5, events=[ev("reported", "2026-03-02T01:00:00Z"), ev("acknowledged", "2026-03-02T09:10:00")]))
    out = evaluate(d, "2026-03-02T02:00:00Z")
    assert out["at"] == t("10:00")
    assert out["tickets"][0]["clocks"]["response"]["elapsed_minutes"] == 10.0
    assert out["tickets"][0]["clocks"]["response"]["due"] == t("09:30")


def test_pauses_count_only_for_clocks_marked_yes() -> None:
    d = doc(
        ticket(
            level=1,
            onsite_required=True,
            events=[
                ev("reported", t("09:00")),
                ev("paused", t("09:05"), reason="等待医院提供日志"),
                ev("acknowledged", t("09:40")),
                ev("resumed", t("10:05")),
                ev("onsite_arrived", t("12:00")),
                ev("restored", t("12:00")),
                ev("resolved", t("14:00")),
            ],
        )
    )
    c = clocks(d, t("15:00"))
    assert c["response"]["elapsed_minutes"] == 40.0  # pauses do not count for response
    assert c["response"]["status"] == "breached"
    assert c["onsite"]["elapsed_minutes"] == 180.0  # nor for on-site
    assert c["restore"]["elapsed_minutes"] == 120.0  # 180 − 60 paused
    assert c["restore"]["due"] == t("14:00")
    assert c["fix"]["elapsed_minutes"] == 240.0
    assert c["fix"]["status"] == "met"


def test_open_pause_runs_to_at_and_due_slides_forward() -> None:
    d = doc(
        ticket(
            level=2,
            events=[
                ev("reported", t("09:00")),
                ev("acknowledged", t("09:10")),
                ev("paused", t("10:00"), reason="等待厂商"),
            ],
        )
    )
    early = clocks(d, t("11:00"))["restore"]
    late = clocks(d, t("12:00"))["restore"]
    assert early["elapsed_minutes"] == late["elapsed_minutes"] == 60.0
    assert early["due"] == t("14:00")  # 11:00 + 180 remaining
    assert late["due"] == t("15:00")


def test_level_change_adds_clocks_measured_from_reported_with_pauses_kept() -> None:
    events = [
        ev("reported", t("09:00")),
        ev("acknowledged", t("09:10")),
        ev("paused", t("09:30"), reason="用户不在"),
        ev("resumed", t("10:30")),
        ev("level_changed", t("11:00"), level=1),
    ]
    d = doc(ticket(level=4, events=events))
    before = evaluate(d, t("10:45"))["tickets"][0]
    assert before["level"] == 4 and set(before["clocks"]) == {"response"}
    after = evaluate(d, t("12:00"))["tickets"][0]
    assert after["level"] == 1
    assert set(after["clocks"]) == {"response", "restore", "fix"}
    assert after["clocks"]["restore"]["elapsed_minutes"] == 120.0  # 180 since reported − 60 paused
    assert after["clocks"]["restore"]["due"] == t("14:00")
    assert after["clocks"]["fix"]["due"] == t("22:00")


def test_level_change_down_drops_clocks() -> None:
    d = doc(ticket(level=1, events=[ev("reported", t("09:00")), ev("level_changed", t("09:30"), level=5)]))
    out = evaluate(d, t("18:00"))["tickets"][0]
    assert out["level"] == 5
    assert set(out["clocks"]) == {"response"}
    assert out["clocks"]["response"]["status"] == "breached"


def test_reopen_runs_fix_again_without_the_gap() -> None:
    events = [
        ev("reported", t("09:00")),
        ev("acknowledged", t("09:10")),
        ev("restored", t("11:00")),
        ev("resolved", t("15:00")),
        ev("reopened", t("16:00")),
        ev("resolved", t("21:30")),
    ]
    c = clocks(doc(ticket(level=1, events=events)), "2026-03-03T08:00:00+08:00")
    # 09–15 and 16–21:30: 360 + 330; the target is reached at 22:00 (12 h + the 1 h gap).
    assert c["fix"] == {"target_minutes": 720, "due": t("22:00"), "elapsed_minutes": 690.0, "status": "met"}
    assert c["restore"]["elapsed_minutes"] == 120.0  # restore is not reopened


def test_reopened_clock_runs_until_the_next_resolved() -> None:
    events = [ev("reported", t("09:00")), ev("resolved", t("10:00")), ev("reopened", t("12:00"))]
    d = doc(ticket(level=2, kind="outage", events=events))
    in_gap = clocks(d, t("11:00"))
    assert in_gap["fix"]["status"] == "met" and in_gap["fix"]["elapsed_minutes"] == 60.0
    running = clocks(d, t("20:00"))
    assert running["fix"]["elapsed_minutes"] == 60.0 + 480  # 09–10 and 12–20
    assert running["fix"]["status"] == "at_risk"  # 540 of 720 = 75 %
    assert running["recovery"]["elapsed_minutes"] == 540.0
    assert running["recovery"]["status"] == "breached"
    assert running["recovery"]["due"] == t("19:00")  # 1 h before the gap, 7 h after it


def test_pauses_across_a_level_change_and_a_reopen() -> None:
    events = [
        ev("reported", t("09:00")),
        ev("acknowledged", t("09:05")),
        ev("paused", t("10:00"), reason="等待医院确认"),
        ev("level_changed", t("10:30"), level=2),
        ev("resumed", t("11:00")),
        ev("restored", t("12:00")),
        ev("resolved", t("13:00")),
        ev("reopened", t("14:00")),
        ev("paused", t("15:00"), reason="等待第三方接口"),
        ev("resumed", t("15:30")),
        ev("resolved", t("17:00")),
    ]
    out = evaluate(doc(ticket(level=3, events=events)), t("18:00"))["tickets"][0]
    assert out["level"] == 2
    c = out["clocks"]
    assert c["restore"]["elapsed_minutes"] == 120.0  # 09–12 less the 10–11 pause
    # fix: 09–10, 11–13, 14–15, 15:30–17 = 60 + 120 + 60 + 90
    assert c["fix"]["elapsed_minutes"] == 330.0
    assert c["fix"]["status"] == "met"
    assert c["fix"]["due"] == "2026-03-02T23:30:00+08:00"


def test_onsite_clock_from_request_or_reported_with_two_hour_warning() -> None:
    base = [ev("reported", t("09:00")), ev("acknowledged", t("09:05"))]
    requested = doc(ticket(level=3, onsite_required=True, events=[*base, ev("onsite_requested", t("10:00"))]))
    c = clocks(requested, t("11:59"))["onsite"]
    assert c == {"target_minutes": 240, "due": t("14:00"), "elapsed_minutes": 119.0, "status": "pending"}
    assert clocks(requested, t("12:00"))["onsite"]["status"] == "at_risk"
    without = doc(ticket(level=3, onsite_required=True, events=base))
    assert clocks(without, t("13:00"))["onsite"]["due"] == t("13:00")
    assert clocks(without, t("13:01"))["onsite"]["status"] == "breached"
    not_required = doc(ticket(level=3, events=[*base, ev("onsite_requested", t("10:00"))]))
    assert "onsite" not in clocks(not_required, t("11:00"))


def test_onsite_request_after_at_means_not_started() -> None:
    events = [ev("reported", t("09:00")), ev("onsite_requested", t("15:00")), ev("onsite_arrived", t("16:00"))]
    d = doc(ticket(level=4, onsite_required=True, events=events))
    assert clocks(d, t("14:00"))["onsite"] == {
        "target_minutes": 240,
        "due": t("19:00"),
        "elapsed_minutes": 0.0,
        "status": "pending",
    }
    assert clocks(d, t("17:00"))["onsite"]["status"] == "met"


def test_recovery_clock_for_outages() -> None:
    d = doc(ticket(level=2, kind="outage", events=[ev("reported", t("09:00")), ev("resolved", t("18:00"))]))
    c = clocks(d, t("19:00"))
    assert c["recovery"] == {"target_minutes": 480, "due": t("17:00"), "elapsed_minutes": 540.0, "status": "breached"}
    assert c["fix"]["status"] == "met"


def test_plan_clock_for_security_tickets() -> None:
    events = [ev("reported", t("09:00")), ev("plan_submitted", "2026-03-03T10:00:00+08:00")]
    d = doc(ticket(level=4, kind="security", category="非法访问", events=events))
    c = clocks(d, "2026-03-04T00:00:00+08:00")
    assert c["plan"] == {
        "target_minutes": 1440,
        "due": "2026-03-03T09:00:00+08:00",
        "elapsed_minutes": 1500.0,
        "status": "breached",
    }
    assert set(c) == {"response", "plan"}


def test_summary_counts_and_compliance() -> None:
    d = doc(
        ticket("A", level=5, events=[ev("reported", t("09:00")), ev("acknowledged", t("09:10"))]),
        ticket("B", level=5, events=[ev("reported", t("09:00")), ev("acknowledged", t("09:40"))]),
        ticket("C", level=5, events=[ev("reported", t("09:00")), ev("acknowledged", t("09:15"))]),
        ticket("D", level=5, events=[ev("reported", t("09:50"))]),
    )
    assert evaluate(d, t("10:00"))["summary"] == {"met": 2, "breached": 1, "pending": 1, "compliance": 66.67}
    assert evaluate(doc(), t("10:00"))["summary"] == {"met": 0, "breached": 0, "pending": 0, "compliance": 100.0}


def test_output_document_shape() -> None:
    out = evaluate(doc(ticket()), t("10:00"))
    assert out["format"] == "ops-sla/1"
    assert out["at"] == t("10:00")
    assert out["tickets"][0]["id"] == "T-001" and out["tickets"][0]["level"] == 1
    assert set(out["summary"]) == {"met", "breached", "pending", "compliance"}


def test_policy_overrides_a_default_clock_field() -> None:
    d = doc(
        ticket(level=5, events=[ev("reported", t("09:00")), ev("acknowledged", t("09:25"))]),
        policy={"clocks": {"response": {"minutes": 20}}},
    )
    c = clocks(d, t("10:00"))["response"]
    assert c == {"target_minutes": 20, "due": t("09:20"), "elapsed_minutes": 25.0, "status": "breached"}


def test_policy_adds_a_clock_restricted_to_kinds() -> None:
    policy = {
        "clocks": {
            "ack_security": {
                "from": "reported",
                "to": "acknowledged",
                "levels": [1, 2, 3, 4, 5],
                "minutes": 10,
                "kinds": ["security"],
            }
        }
    }
    d = doc(
        ticket("S", level=5, kind="security", category="人为差错"),
        ticket("F", level=5),
        policy=policy,
    )
    out = evaluate(d, t("09:05"))["tickets"]
    assert out[0]["clocks"]["ack_security"] == {
        "target_minutes": 10,
        "due": t("09:10"),
        "elapsed_minutes": 5.0,
        "status": "pending",
    }
    assert "ack_security" not in out[1]["clocks"]
