"""The case store on SQLite (always) and on a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from app.core.errors import NewerSchemaError, StoreError
from app.mipin.cases import CaseHeader, count_cases, create_case, list_cases, remove_case
from app.mipin.tables import Case, CaseObject, ObjectEntry, UnitEntry
from app.store import audit, migrate
from app.store.store import Store

EXPECTED_TABLES = {
    "app_meta",
    "cases",
    "case_objects",
    "unit_entries",
    "object_entries",
    "compensations",
    "risk_decisions",
    "risk_ratings",
    "evidence",
    "audit_events",
    "ops_contracts",
    "ops_tickets",
    "ops_ticket_events",
    "ops_calendar_years",
    "ops_obligations",
    "ops_obligation_files",
    "alembic_version",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, paths) -> Iterator[Store]:
    url = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store.open(paths, url)
    yield s
    s.close()


def test_migrating_an_empty_store_creates_every_table(any_store: Store) -> None:
    assert set(inspect(any_store.engine).get_table_names()) >= EXPECTED_TABLES
    assert migrate.current_revision(any_store.engine) == migrate.head_revision()


def test_reopening_is_a_no_op(any_store: Store, paths) -> None:
    url = any_store.engine.url.render_as_string(hide_password=False)
    assert migrate.upgrade(any_store.engine, db_file=any_store.db_file, backup_dir=paths.backup_dir) is False
    again = Store.open(paths, url)
    again.close()
    assert not list(paths.backup_dir.glob("pre-migrate-*"))


def test_create_and_list_cases(any_store: Store) -> None:
    case_id = create_case(any_store, CaseHeader(system_name="测试系统", level=3, client="某委托单位", report_no="R-1"))
    cases = list_cases(any_store)
    assert [c.id for c in cases] == [case_id]
    assert cases[0].system_name == "测试系统" and cases[0].level == 3
    assert count_cases(any_store) == 1


def test_foreign_keys_cascade(any_store: Store) -> None:
    case_id = create_case(any_store, CaseHeader(system_name="级联", level=3))

    def add(s):
        case = s.get(Case, case_id)
        obj = CaseObject(case=case, name="机房", position=0)
        unit = UnitEntry(case=case, unit_id="PE-1", position=0, has_objects=True)
        s.add_all([obj, unit, ObjectEntry(unit=unit, object=obj, d="√", a="√", k="√")])
        audit.append(s, case_id, "test_setup", "case")

    any_store.write(add)
    any_store.write(lambda s: remove_case(s, s.get_one(Case, case_id)))
    with any_store.read() as s:
        assert s.scalars(select(ObjectEntry)).all() == []
        assert s.scalars(select(CaseObject)).all() == []


def test_failed_write_rolls_back(any_store: Store) -> None:
    def bad(s):
        s.add(Case(system_name="半途", level=3, created_at=None, updated_at=None))
        s.flush()

    with pytest.raises(StoreError):
        any_store.write(bad)
    assert count_cases(any_store) == 0


def test_invalid_header_is_rejected_and_nothing_written(any_store: Store) -> None:
    from app.core.errors import InputError

    with pytest.raises(InputError, match=r"system\.level"):
        create_case(any_store, CaseHeader(system_name="x", level=5))
    assert count_cases(any_store) == 0


# ------------------------------------------------------------------ SQLite specifics


def test_sqlite_uses_wal_and_foreign_keys(store: Store) -> None:
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("foreign_keys") == "1"
    assert store.pragma("synchronous") == "2"  # FULL


def test_sqlite_files_are_owner_only(store: Store, paths) -> None:
    create_case(store, CaseHeader(system_name="权限", level=3))
    for path in (paths.db_file, Path(f"{paths.db_file}-wal")):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.name} is {oct(mode)}"
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_and_left_untouched(store: Store, paths) -> None:
    store.close()
    conn = sqlite3.connect(paths.db_file)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.close()  # the last connection checkpoints and removes the -wal and -shm files
    before = _digest(paths.db_file)
    mtime = paths.db_file.stat().st_mtime_ns
    with pytest.raises(NewerSchemaError, match="更新版本"):
        Store.open(paths)
    assert _digest(paths.db_file) == before
    assert paths.db_file.stat().st_mtime_ns == mtime
    assert not Path(f"{paths.db_file}-wal").exists()
    assert not list(paths.backup_dir.glob("pre-migrate-*"))


def test_newer_postgres_database_is_refused(paths, pg_url: str) -> None:
    s = Store.open(paths, pg_url)
    with s.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    s.close()
    with pytest.raises(NewerSchemaError):
        Store.open(paths, pg_url)


def test_existing_database_is_copied_aside_before_migrating(paths) -> None:
    paths.ensure()
    conn = sqlite3.connect(paths.db_file)
    with conn:
        conn.execute("CREATE TABLE legacy_notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO legacy_notes (text) VALUES ('保留')")
    conn.close()
    s = Store.open(paths)
    s.close()
    copies = list(paths.backup_dir.glob("pre-migrate-empty-*.sqlite3"))
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert conn.execute("SELECT text FROM legacy_notes").fetchone() == ("保留",)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='cases'").fetchone() is None
    conn.close()


def test_corrupt_file_gives_a_clear_error(paths) -> None:
    paths.ensure()
    garbage = b"this is not a database" * 100
    paths.db_file.write_bytes(garbage)
    with pytest.raises(StoreError) as info:
        Store.open(paths)
    # the one sentence for a damaged file (not the generic "数据库操作失败：…"), and the file is left alone
    assert info.value.user_message() == "数据库文件已损坏，请从备份恢复（工具 → 从备份恢复）"
    assert paths.db_file.read_bytes() == garbage
    assert not list(paths.backup_dir.glob("pre-migrate-*"))


def test_head_constant_matches_the_migration_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD
