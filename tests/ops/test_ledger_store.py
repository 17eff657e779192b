"""Event-sourced tickets in the store: appends, corrections, the hash chain, verify, import."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select, text, update

from app.core.errors import InputError, InputErrors
from app.ops import timeutil as tu
from app.ops.clocks import ClockEngine
from app.ops.repository import OpsRepository
from app.ops.tables import Ticket as TicketTable
from app.ops.tables import TicketEvent
from app.ops.ticketformat import parse_tickets
from app.ops.tickets import Mark
from app.ops.ticketwrites import TicketWriter
from app.ops.verify import verify_ledgers
from app.store.base import AuditEvent
from tests.ops.helpers import doc, ev, ticket


def us(text_: str) -> int:
    return tu.to_us(tu.parse_instant(text_))


class Clock:
    """A settable clock for the writer."""

    def __init__(self, at: str) -> None:
        self.now = us(at)

    def __call__(self) -> int:
        return self.now

    def set(self, at: str) -> None:
        self.now = us(at)


@pytest.fixture
def setup(store):
    repo = OpsRepository(store, actor="tester")
    contract = repo.create_contract("测试合同", policy={})
    clock = Clock("2026-03-02T09:00:00+08:00")
    writer = TicketWriter(store, actor="tester", clock=clock)
    return repo, writer, clock, contract


def test_a_ticket_is_a_chain_of_events(setup) -> None:
    repo, writer, clock, cid = setup
    pk = writer.create(cid, "T-1", {"title": "登录失败", "level": 1}, channel="电话", by="市人民医院")
    clock.set("2026-03-02T09:20:00+08:00")
    writer.record(pk, "acknowledged", by="黄工")
    clock.set("2026-03-02T10:00:00+08:00")
    writer.record(pk, "paused", reason="等待医院确认")
    row = repo.ticket(pk)
    assert row.status == "处理中" and row.level == 1
    assert [e.type for e in row.ticket.events] == ["reported", "acknowledged", "paused"]
    assert row.ticket.events[0].channel == "phone"
    history = repo.history(pk)
    assert [h.seq for h in history] == [0, 1, 2]
    assert history[1].prev_hash == history[0].hash and history[2].prev_hash == history[1].hash
    result = ClockEngine(repo.policy(cid)).evaluate(row.ticket, us("2026-03-02T11:00:00+08:00"))
    restore = next(c for c in result.clocks if c.key == "restore")
    assert restore.elapsed == 60.0 and restore.paused
    assert verify_ledgers(repo.store).ok


def test_an_invalid_event_is_refused_and_nothing_is_written(setup) -> None:
    repo, writer, clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 4})
    with pytest.raises(InputErrors, match="resumed 之前没有 paused"):
        writer.record(pk, "resumed")
    with pytest.raises(InputError, match="原因"):
        writer.record(pk, "paused")
    with pytest.raises(InputError, match="等级"):
        writer.record(pk, "level_changed")
    with pytest.raises(InputError, match="晚于现在"):
        writer.record(pk, "acknowledged", at=clock.now + 3_600_000_000)
    assert len(repo.history(pk)) == 1
    assert verify_ledgers(repo.store).ok


def test_back_dating_needs_a_reason_and_lands_in_time_order(setup) -> None:
    repo, writer, clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 3})
    clock.set("2026-03-02T12:00:00+08:00")
    writer.record(pk, "restored")
    with pytest.raises(InputError, match="补录"):
        writer.record(pk, "acknowledged", at=us("2026-03-02T09:15:00+08:00"))
    writer.record(pk, "acknowledged", at=us("2026-03-02T09:15:00+08:00"), backdate_reason="电话响应，事后补录")
    row = repo.ticket(pk)
    assert [e.type for e in row.ticket.events] == ["reported", "acknowledged", "restored"]
    assert repo.history(pk)[-1].data["backdate_reason"] == "电话响应，事后补录"


def test_a_correction_is_a_new_event_never_an_update(setup) -> None:
    repo, writer, clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 5})
    clock.set("2026-03-02T09:40:00+08:00")
    writer.record(pk, "acknowledged")
    original = repo.history(pk)[1]
    with pytest.raises(InputError, match="原因"):
        writer.correct(pk, 1, "", at=us("2026-03-02T09:10:00+08:00"))
    writer.correct(pk, 1, "误录响应时间", at=us("2026-03-02T09:10:00+08:00"))
    history = repo.history(pk)
    assert history[1] == original  # untouched
    assert history[2].corrects == 1 and history[2].type == "acknowledged"
    ack = repo.ticket(pk).ticket.events[1]
    assert ack.at == us("2026-03-02T09:10:00+08:00")
    result = ClockEngine(repo.policy(cid)).evaluate(repo.ticket(pk).ticket, clock.now)
    assert result.clocks[0].elapsed == 10.0 and result.clocks[0].status == "met"
    writer.withdraw(pk, 1, "不是本工单的响应")
    assert [e.type for e in repo.ticket(pk).ticket.events] == ["reported"]
    with pytest.raises(InputError, match="报告"):
        writer.withdraw(pk, 0, "x")
    assert verify_ledgers(repo.store).ok


def test_correcting_the_reported_event_reclassifies(setup) -> None:
    repo, writer, _clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 5, "title": "页面错位"})
    writer.correct(pk, 0, "分级有误", level=2)
    row = repo.ticket(pk)
    assert row.level == 2 and row.ticket.level == 2
    with pytest.raises(InputError, match="安全事件类别"):
        writer.correct(pk, 0, "改为安全事件", kind="security")


def test_header_update_and_evaluation_are_events_too(setup) -> None:
    repo, writer, _clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 2})
    writer.update(pk, {"assignee": "覃工", "title": "新标题"})
    writer.evaluate(pk, {"response_time": Mark("降级", "第一时间响应"), "result": Mark("升级", "未完全恢复")})
    row = repo.ticket(pk)
    assert row.ticket.assignee == "覃工" and row.ticket.title == "新标题"
    assert row.ticket.evaluation["result"] == Mark("升级", "未完全恢复")
    with pytest.raises(InputError):
        writer.update(pk, {"level": 1})
    with pytest.raises(InputError):
        writer.evaluate(pk, {"speed": Mark("降级")})
    assert [h.type for h in repo.history(pk)] == ["reported", "updated", "evaluated"]
    assert verify_ledgers(repo.store).ok


def test_every_write_leaves_an_audit_record_naming_the_chain_head(setup) -> None:
    repo, writer, _clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 2})
    writer.record(pk, "acknowledged")
    with repo.store.read() as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.new_value).where(AuditEvent.target == f"ops-ticket:{pk}"))
        records = [(a, json.loads(v)) for a, v in rows]
    assert [a for a, _ in records] == ["ops_ticket_created", "ops_ticket_event"]
    assert records[-1][1]["head"] == repo.history(pk)[-1].hash


def _three(setup):
    repo, writer, clock, cid = setup
    pk = writer.create(cid, "T-1", {"level": 2})
    for at, type_ in (("09:10", "acknowledged"), ("10:00", "restored"), ("11:00", "resolved")):
        clock.set(f"2026-03-02T{at}:00+08:00")
        writer.record(pk, type_)
    return repo, pk


def test_verify_detects_an_edited_event(setup) -> None:
    repo, pk = _three(setup)
    with repo.store.engine.begin() as conn:
        conn.execute(
            update(TicketEvent)
            .where(TicketEvent.ticket_id == pk, TicketEvent.seq == 2)
            .values(at="2026-03-02T09:59:00+08:00")
        )
    report = verify_ledgers(repo.store)
    assert not report.ok
    assert "T-1" in report.problems[0].line() and "事件 2" in report.problems[0].line()


def test_verify_detects_a_removed_event_in_the_middle(setup) -> None:
    repo, pk = _three(setup)
    with repo.store.engine.begin() as conn:
        conn.execute(delete(TicketEvent).where(TicketEvent.ticket_id == pk, TicketEvent.seq == 1))
    lines = [p.line() for p in verify_ledgers(repo.store).problems]
    assert any("T-1" in line and "事件" in line for line in lines)


def test_verify_detects_a_removed_last_event_even_with_the_row_fixed_up(setup) -> None:
    repo, pk = _three(setup)
    history = repo.history(pk)
    with repo.store.engine.begin() as conn:
        conn.execute(delete(TicketEvent).where(TicketEvent.ticket_id == pk, TicketEvent.seq == 3))
        conn.execute(update(TicketTable).where(TicketTable.id == pk).values(event_count=3, head_hash=history[2].hash))
    lines = [p.line() for p in verify_ledgers(repo.store).problems]
    assert any("审计日志" in line and "T-1" in line for line in lines)


def test_verify_detects_an_edited_projection_and_a_deleted_ticket(setup) -> None:
    repo, pk = _three(setup)
    with repo.store.engine.begin() as conn:
        conn.execute(update(TicketTable).where(TicketTable.id == pk).values(status="已关闭"))
    assert any("看板数据" in p.message for p in verify_ledgers(repo.store).problems)
    with repo.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM ops_ticket_events"))
        conn.execute(text("DELETE FROM ops_tickets"))
    assert any("已被删除" in p.message for p in verify_ledgers(repo.store).problems)


def test_import_is_all_or_nothing(setup) -> None:
    repo, writer, _clock, cid = setup
    writer.create(cid, "T-2", {"level": 5})
    parsed, _ = parse_tickets(doc(ticket("T-1"), ticket("T-2"), ticket("T-3")))
    with pytest.raises(InputErrors) as info:
        writer.import_tickets(cid, parsed.tickets)
    assert [e.field for e in info.value.errors] == ["tickets[1].id"]
    assert [r.ticket.id for r in repo.tickets(cid)] == ["T-2"]
    parsed, _ = parse_tickets(
        doc(ticket("T-1", events=[ev("reported", "2026-03-02T09:00:00"), ev("acknowledged", "2026-03-02T09:05:00")]))
    )
    writer.import_tickets(cid, parsed.tickets)
    imported = next(r for r in repo.tickets(cid) if r.ticket.id == "T-1")
    assert imported.ticket == parsed.tickets[0]
    assert verify_ledgers(repo.store).ok
    with repo.store.read() as s:
        assert s.scalar(select(func.count(TicketEvent.id))) == 3


def test_calendar_years_are_stored_and_make_a_year_verified(setup) -> None:
    from datetime import date

    from app.ops.calendar import YearTable

    repo, _writer, _clock, cid = setup
    assert not repo.calendar(repo.policy(cid)).verified(2027)
    repo.set_calendar_year(
        YearTable(2027, frozenset({date(2027, 1, 1)}), frozenset({date(2027, 2, 7)}), "国办发明电"),
        "2026-12-01T10:00:00+08:00",
    )
    cal = repo.calendar(repo.policy(cid))
    assert cal.verified(2027) and cal.is_workday(date(2027, 2, 7)) and not cal.is_workday(date(2027, 1, 1))
    with pytest.raises(InputError):
        repo.set_calendar_year(YearTable(2027, frozenset({date(2028, 1, 1)})), "x")
    repo.delete_calendar_year(2027)
    assert not repo.calendar(repo.policy(cid)).verified(2027)


def test_verify_detects_an_edited_stored_final_result(setup) -> None:
    repo, pk = _three(setup)  # level 2, every clock stopped: its final result is stored
    with repo.store.read() as s:
        row = s.get(TicketTable, pk)
        assert row is not None and row.final is not None and row.final_key
        edited = json.loads(json.dumps(row.final))
    assert verify_ledgers(repo.store).ok
    edited[3][0][4] = "met" if edited[3][0][4] == "breached" else "breached"  # a clock's status
    with repo.store.engine.begin() as conn:
        conn.execute(update(TicketTable).where(TicketTable.id == pk).values(final=edited))
    assert any("最终时钟结果" in p.message for p in verify_ledgers(repo.store).problems)
    with repo.store.engine.begin() as conn:  # a stale key is never read, so it is no problem
        conn.execute(update(TicketTable).where(TicketTable.id == pk).values(final_key="older"))
    assert verify_ledgers(repo.store).ok
