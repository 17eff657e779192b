"""Migration 0002: case ids are never reused, and rebuilding `cases` keeps every child row."""

from __future__ import annotations

from alembic import command
from sqlalchemy import func, select

from app.mipin.cases import CaseHeader, create_case, delete_case, export_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.tables import CaseObject, ObjectEntry, UnitEntry
from app.store import migrate
from app.store.base import AuditEvent
from app.store.engine import make_engine, sqlite_url
from app.store.store import Store


def test_upgrade_from_0001_keeps_children_and_stops_id_reuse(paths) -> None:
    paths.ensure()
    engine = make_engine(sqlite_url(paths.db_file))
    command.upgrade(migrate.alembic_config(engine), "0001")
    engine.dispose()
    # A store at 0001 with data: open it with a Store bound to the old schema's tables.
    old = Store(make_engine(sqlite_url(paths.db_file)), paths)
    first = create_case(old, CaseHeader(system_name="保留", level=3))
    editor = CaseEditor(old, actor="t")
    editor.define_object(first, "机房")
    editor.assign_object(first, "PE-1", "机房")
    editor.set_object_fields(first, "PE-1", "机房", {"D": "√", "A": "√", "K": "√"})
    doomed = create_case(old, CaseHeader(system_name="将删除", level=3))
    editor.set_unit_record(doomed, "MS-1", "x")
    delete_case(old, doomed)  # highest id deleted: SQLite at 0001 would reuse it
    before = export_case(old, first)
    old.close()

    store = Store.open(paths)  # copies aside, then runs 0002
    assert migrate.current_revision(store.engine) == migrate.head_revision()  # 0002 and later
    assert list(paths.backup_dir.glob("pre-migrate-0001-*.sqlite3"))
    assert export_case(store, first) == before
    with store.read() as s:
        assert s.scalar(select(func.count(ObjectEntry.id))) == 1
        assert s.scalar(select(func.count(CaseObject.id))) == 1
        assert s.scalar(select(func.count(UnitEntry.id))) == 1
    assert store.pragma("foreign_keys") == "1"
    new = create_case(store, CaseHeader(system_name="新建", level=2))
    assert new > doomed
    with store.read() as s:
        assert s.scalars(select(AuditEvent.case_id).where(AuditEvent.case_id == new)).all() == []
    store.close()


def test_deleted_case_ids_are_not_reused(store) -> None:
    a = create_case(store, CaseHeader(system_name="甲", level=3))
    delete_case(store, a)
    b = create_case(store, CaseHeader(system_name="乙", level=3))
    assert b > a
