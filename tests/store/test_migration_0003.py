"""Migration 0003: old audit chains (hash version 1, naive times) still verify; times are read as aware."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import select, text

from app.cli.main import main
from app.core.clock import LOCAL_ZONE, UTC
from app.mipin.bundle import load_bundle
from app.mipin.cases import export_case, list_cases
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import SetUnitRecord
from app.mipin.casework.session import load_session
from app.store import audit, migrate
from app.store.base import AuditEvent
from app.store.engine import make_engine
from app.store.store import Store
from tests.store.legacy import install_legacy


@pytest.fixture
def upgraded(paths):
    """The 0002 store written by the old version (demo, a worked case, a deleted case), opened now."""
    expected = install_legacy(paths, "0002")
    store = Store.open(paths)
    yield store, expected
    store.close()


def test_old_chains_verify_after_the_upgrade(upgraded, paths) -> None:
    store, expected = upgraded
    assert migrate.current_revision(store.engine) == migrate.HEAD  # 0003 and every later migration
    assert list(paths.backup_dir.glob("pre-migrate-0002-*.sqlite3"))  # copied aside first
    for case_id, count in expected["audit"].items():
        report = audit.verify(store, int(case_id))
        assert report.ok, report.problems
        assert report.records == count
    with store.read() as s:
        # Records written by later migrations (0004 records the tickets it moved, 0007 the stored
        # final results it filled) use the new version.
        later = ("ops_tickets_migrated", "ops_finals_migrated")
        old = select(AuditEvent.hash_version).where(AuditEvent.action.notin_(later))
        assert set(s.scalars(old)) == {1}
    exported = export_case(store, expected["case_id"])
    # The old version exported no record-keeping fields; its checklist tick [0, 1] on MS-1 keeps
    # the item that exists (MS-1 has one 测评实施 item) and the case still exports and reports.
    ms1 = next(u for u in exported["units"] if u["id"] == "MS-1")
    assert ms1.pop("checklist") == [0]
    assert all(d.pop("decided_at") for d in exported["risk_decisions"])  # kept, now exported
    assert {k: exported[k] for k in expected["export"]} == expected["export"]


def test_old_times_are_china_standard_time_wall_times(upgraded) -> None:
    store, expected = upgraded
    (first, *_rest) = audit.records(store, expected["case_id"])
    naive = datetime.fromisoformat(expected["first_audit_at"])
    assert first.at == naive.replace(tzinfo=LOCAL_ZONE) and first.at.utcoffset() is not None
    session = load_session(store, expected["case_id"])
    assert session.decisions[0].decided_at == datetime.fromisoformat(expected["decided_at"]).replace(tzinfo=LOCAL_ZONE)
    (evidence,) = session.evidence
    assert evidence.added_at == datetime.fromisoformat(expected["added_at"]).replace(tzinfo=LOCAL_ZONE)
    assert all(c.updated_at.tzinfo is not None for c in list_cases(store, include_archived=True))
    assert load_bundle(store, expected["case_id"]).case.system.name == "旧版数据库中的系统"


def test_new_records_continue_the_old_chain_with_hash_version_2(upgraded) -> None:
    store, expected = upgraded
    case_id = expected["case_id"]
    CaseEditor(store, actor="new-assessor").apply(case_id, SetUnitRecord("MS-1", "升级后的记录"))
    report = audit.verify(store, case_id)
    assert report.ok and report.records == expected["audit"][str(case_id)] + 1
    with store.read() as s:
        newest = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)).all()
    assert [e.hash_version for e in newest][-2:] == [1, 2]
    assert newest[-1].prev_hash == newest[-2].hash
    assert newest[-1].at.utcoffset() is not None


def _raw(paths, sql: str, *params: object) -> None:
    conn = sqlite3.connect(paths.db_file)
    with conn:
        conn.execute(sql, params)
    conn.close()


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_events SET at = datetime(at, '+1 second') WHERE id = (SELECT MIN(id) FROM audit_events)",
        "UPDATE audit_events SET hash_version = 2 WHERE id = (SELECT MIN(id) FROM audit_events)",
        "UPDATE audit_events SET hash_version = 7 WHERE id = (SELECT MIN(id) FROM audit_events)",
        "UPDATE audit_events SET actor = 'someone-else' WHERE id = (SELECT MAX(id) FROM audit_events)",
    ],
)
def test_tampering_with_old_or_new_records_is_detected(upgraded, paths, tamper) -> None:
    store, expected = upgraded
    case_id = expected["case_id"]
    CaseEditor(store).apply(case_id, SetUnitRecord("MS-1", "升级后的记录"))  # the newest record is version 2
    store.close()
    _raw(paths, tamper)
    again = Store.open(paths)
    try:
        assert not audit.verify(again, case_id).ok
    finally:
        again.close()


def test_cli_verifies_every_chain_of_the_upgraded_store(upgraded, paths, capsys) -> None:
    store, expected = upgraded
    store.close()
    assert main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert f"#{expected['deleted_case_id']}" in out and "全部完好" in out


def test_the_migration_runs_on_postgresql_with_old_records(pg_url, paths) -> None:
    """An old record inserted at 0002 (naive time, version-1 hash) still verifies after 0003 on PostgreSQL."""
    engine = make_engine(pg_url)
    command.upgrade(migrate.alembic_config(engine), "0002")
    at = datetime(2026, 9, 1, 9, 30, 15, 123456)  # noqa: DTZ001 - naive, exactly as version 0002 wrote it
    event = AuditEvent(case_id=77, at=at.replace(tzinfo=LOCAL_ZONE), actor="old", action="set_unit_record",
                       target="unit:MS-1/record", old_value=None, new_value='"x"', prev_hash=audit.GENESIS, hash="",
                       hash_version=1)  # fmt: skip
    event.hash = audit.record_hash(audit.GENESIS, event)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (case_id, at, actor, action, target, old_value, new_value, prev_hash, hash) "
                "VALUES (77, :at, 'old', 'set_unit_record', 'unit:MS-1/record', NULL, '\"x\"', :prev, :hash)"
            ),
            {"at": at, "prev": audit.GENESIS, "hash": event.hash},
        )
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('audit_head:77', :v)"), {"v": f"1:{event.hash}"})
    engine.dispose()
    store = Store.open(paths, pg_url)
    try:
        report = audit.verify(store, 77)
        assert report.ok and report.records == 1
        (record,) = audit.records(store, 77)
        assert record.at == at.replace(tzinfo=LOCAL_ZONE) == datetime(2026, 9, 1, 1, 30, 15, 123456, tzinfo=UTC)
    finally:
        store.close()
