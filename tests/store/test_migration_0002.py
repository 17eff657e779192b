"""Migration 0002: case ids are never reused, and rebuilding `cases` keeps every child row."""

from __future__ import annotations

from sqlalchemy import func, select

from app.mipin.cases import CaseHeader, create_case, delete_case, export_case
from app.mipin.tables import CaseObject, ObjectEntry, UnitEntry
from app.store import migrate
from app.store.base import AuditEvent
from app.store.store import Store
from tests.store.legacy import install_legacy


def test_upgrade_from_0001_keeps_children_and_stops_id_reuse(paths) -> None:
    # Written by the 0001-era code: case 1 with an object, case 2 (the highest id) deleted.
    expected = install_legacy(paths, "0001")
    store = Store.open(paths)  # copies aside, then runs 0002 and every later migration
    assert migrate.current_revision(store.engine) == migrate.HEAD
    assert list(paths.backup_dir.glob("pre-migrate-0001-*.sqlite3"))
    assert export_case(store, expected["case_id"]) == expected["export"]
    with store.read() as s:
        assert s.scalar(select(func.count(ObjectEntry.id))) == 1
        assert s.scalar(select(func.count(CaseObject.id))) == 1
        assert s.scalar(select(func.count(UnitEntry.id))) == 1
    assert store.pragma("foreign_keys") == "1"
    new = create_case(store, CaseHeader(system_name="新建", level=2))
    assert new > expected["deleted_case_id"]  # SQLite at 0001 would have handed out the deleted id again
    with store.read() as s:
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == new)).all() == ["create_case"]
    store.close()


def test_deleted_case_ids_are_not_reused(store) -> None:
    a = create_case(store, CaseHeader(system_name="甲", level=3))
    delete_case(store, a)
    b = create_case(store, CaseHeader(system_name="乙", level=3))
    assert b > a
