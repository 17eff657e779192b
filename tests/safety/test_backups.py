"""Rotating SQLite backups: the keep-10-plus-one-per-day-for-14-days policy, restore, clean failures."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.clock import LOCAL_ZONE
from app.core.errors import NewerSchemaError, NotFoundError, StoreError
from app.mipin.cases import CaseHeader, create_case, export_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import DefineObject, SetObjectField, SetUnitRecord
from app.store import audit, backup
from app.store.health import BackupStatus


def _backup(store, reason: str = "manual") -> Path:
    """A backup of the test's SQLite store (never None, as it would be for a server database)."""
    path = backup.create_backup(store, reason=reason)
    assert path is not None
    return path


def _fake_backups(folder: Path, moments: list[datetime]) -> list[backup.BackupInfo]:
    folder.mkdir(parents=True, exist_ok=True)
    for moment in moments:
        (folder / f"backup-{moment:%Y%m%d-%H%M%S-%f}-auto.sqlite3").write_bytes(b"")
    return backup.list_backups(folder)


NOW = datetime(2026, 11, 26, 18, 0, tzinfo=LOCAL_ZONE)
# 30 days of backups, three a day (09:00, 12:00, 17:00), the newest today at 17:00
MOMENTS = [NOW.replace(hour=h) - timedelta(days=d) for d in range(30) for h in (9, 12, 17)]


def test_rotation_keeps_the_last_ten_and_the_newest_of_each_of_14_days(tmp_path) -> None:
    found = _fake_backups(tmp_path, MOMENTS)
    assert len(found) == 90 and found[0].taken_at == NOW.replace(hour=17)
    keep = backup.backups_to_keep(found, NOW)
    newest_ten = {b.path for b in found[:10]}
    daily = {
        max((b for b in found if b.taken_at.date() == (NOW - timedelta(days=d)).date()), key=lambda b: b.taken_at).path
        for d in range(14)
    }
    assert keep == newest_ten | daily
    assert len(keep) == 10 + (14 - 4)  # the newest ten cover today and the three days before
    oldest_daily = min(b.taken_at for b in found if b.path in keep)
    assert oldest_daily.date() == (NOW - timedelta(days=13)).date()


def test_rotate_deletes_exactly_the_others(tmp_path) -> None:
    found = _fake_backups(tmp_path, MOMENTS)
    removed = backup.rotate_backups(tmp_path, NOW)
    left = {b.path for b in backup.list_backups(tmp_path)}
    assert left == backup.backups_to_keep(found, NOW)
    assert len(removed) + len(left) == 90 and not left & set(removed)


def test_rotation_policy_is_adjustable(tmp_path) -> None:
    _fake_backups(tmp_path, MOMENTS)
    backup.rotate_backups(tmp_path, NOW, keep_recent=3, keep_days=2)
    left = sorted(b.taken_at for b in backup.list_backups(tmp_path))
    yesterday = (NOW - timedelta(days=1)).replace(hour=17)
    assert left == [yesterday, NOW.replace(hour=9), NOW.replace(hour=12), NOW.replace(hour=17)]


def test_unrelated_files_survive_rotation(tmp_path) -> None:
    _fake_backups(tmp_path, MOMENTS)
    keep_me = [tmp_path / "pre-migrate-empty-20260101.sqlite3", tmp_path / "notes.txt"]
    for path in keep_me:
        path.write_text("x")
    backup.rotate_backups(tmp_path, NOW)
    assert all(p.exists() for p in keep_me)


def test_create_backup_is_a_consistent_copy_and_rotates(store, paths) -> None:
    case_id = create_case(store, CaseHeader(system_name="备份测试", level=3))
    for n in range(12):
        made = _backup(store, reason=f"test {n}")
        assert made is not None and made.stat().st_mode & 0o077 == 0
    kept = backup.list_backups(paths.backup_dir)
    assert len(kept) == 10  # all on the same day: the newest ten
    assert kept[0].reason == "test-11"
    conn = sqlite3.connect(kept[0].path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT system_name FROM cases WHERE id = ?", (case_id,)).fetchone()[0] == "备份测试"
    finally:
        conn.close()
    assert not list(paths.backup_dir.glob("*.partial*"))


def test_a_failed_backup_leaves_no_partial_file(store, paths, monkeypatch) -> None:
    def half_copy(_src: Path, dst: Path) -> None:
        dst.write_bytes(b"SQLite format 3\x00 half")
        Path(f"{dst}-journal").write_bytes(b"journal")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "copy_sqlite", half_copy)
    with pytest.raises(StoreError, match="备份失败：磁盘空间已满"):
        backup.create_backup(store)
    assert list(paths.backup_dir.iterdir()) == []


def test_stale_partials_of_a_killed_backup_are_cleaned(store, paths) -> None:
    import os

    paths.backup_dir.mkdir(exist_ok=True)
    stale = paths.backup_dir / "backup-20260101-000000-000000-auto.partial"
    fresh = paths.backup_dir / "backup-20260101-000001-000000-auto.partial"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    os.utime(stale, (0, 0))
    backup.create_backup(store)
    assert not stale.exists() and fresh.exists()  # a running backup (fresh) is never touched
    assert len(backup.list_backups(paths.backup_dir)) == 1


# ---------------------------------------------------------------------- restore


@pytest.fixture
def edited(store):
    case_id = create_case(store, CaseHeader(system_name="恢复测试", level=3))
    editor = CaseEditor(store, actor="tester")
    editor.apply(case_id, DefineObject("数据库服务器", kind="数据库"))
    editor.apply(case_id, SetObjectField("DC-1", "数据库服务器", "D", "√"))
    return case_id, editor


def test_restore_brings_back_the_backup_and_can_be_undone(store, paths, edited) -> None:
    case_id, editor = edited
    taken = _backup(store, reason="before-edits")
    before = export_case(store, case_id)
    editor.apply(case_id, SetObjectField("DC-1", "数据库服务器", "A", "×"))
    editor.apply(case_id, DefineObject("应用服务器"))
    after = export_case(store, case_id)
    assert after != before
    safety = backup.restore_backup(store, taken.name)
    assert export_case(store, case_id) == before
    assert audit.verify(store, case_id).ok
    assert store.integrity_ok()
    # the store keeps working after a restore
    editor.apply(case_id, SetUnitRecord("DC-1", "恢复后继续编辑"))
    assert audit.verify(store, case_id).ok
    # and the restore itself can be undone from the safety backup taken first
    assert safety is not None and "before-restore" in safety.name
    backup.restore_backup(store, safety.name)
    assert export_case(store, case_id) == after


def test_restore_refuses_a_damaged_or_foreign_backup_and_changes_nothing(store, paths, edited) -> None:
    case_id, _editor = edited
    before = export_case(store, case_id)
    paths.backup_dir.mkdir(exist_ok=True)
    damaged = _backup(store)
    raw = bytearray(damaged.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 4096] = bytes(4096)
    damaged.write_bytes(bytes(raw))
    foreign = paths.backup_dir / "backup-20260101-000000-000000-foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    count = len(backup.list_backups(paths.backup_dir))
    for name in (damaged.name, foreign.name):
        with pytest.raises(StoreError):
            backup.restore_backup(store, name)
    with pytest.raises(NotFoundError):
        backup.restore_backup(store, "backup-nope.sqlite3")
    assert export_case(store, case_id) == before
    assert len(backup.list_backups(paths.backup_dir)) == count  # no safety backup for a refused restore


def test_restore_refuses_a_backup_from_a_newer_version(store, paths) -> None:
    newer = _backup(store)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchemaError):
        backup.restore_backup(store, newer.name)


def test_backup_cli_create_list_restore(store, paths, edited, capsys) -> None:
    case_id, editor = edited
    assert main(["backup", "create", "--reason", "cli test"]) == 0
    name = Path(capsys.readouterr().out.strip()).name
    editor.apply(case_id, DefineObject("之后添加的对象"))
    assert main(["backup", "list"]) == 0
    assert name in capsys.readouterr().out
    assert main(["backup", "restore", name]) == 0
    assert "已恢复" in capsys.readouterr().out
    from app.mipin.bundle import load_bundle

    names = [o.name for o in load_bundle(store, case_id).objects]
    assert names == ["数据库服务器"]


def test_a_failed_automatic_backup_is_recorded_until_one_succeeds(store, paths) -> None:
    """The domain side of the persistent warning: every outcome is recorded, the warning clears on success."""
    from app.core.errors import StoreError

    seen: list[BackupStatus] = []
    store.backup_health.subscribe(seen.append)
    assert store.backup_health.status.warning() is None
    import shutil

    shutil.rmtree(paths.backup_dir, ignore_errors=True)
    paths.backup_dir.write_text("a file where the backup folder should be")  # fails even for root
    for _ in range(2):
        with pytest.raises(StoreError, match="备份失败"):
            backup.automatic_backup(store, "auto")
    paths.backup_dir.unlink()
    status = store.backup_health.status
    assert status.failing and status.failures == 2 and status.last_success is None
    warning = status.warning()
    assert warning is not None and "自动备份失败" in warning and "已连续 2 次" in warning
    path = backup.automatic_backup(store, "auto")
    assert path is not None and path.exists()
    status = store.backup_health.status
    assert not status.failing and status.warning() is None and status.last_path == path
    assert [s.failing for s in seen] == [True, True, False]
