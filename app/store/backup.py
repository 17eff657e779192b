"""Rotating backups of the SQLite store with SQLite's online backup API.

Backups are taken at start-up, every 30 minutes of editing, and before every destructive
action. Rotation keeps the newest :data:`KEEP_RECENT` plus the newest backup of each of the
last :data:`KEEP_DAILY_DAYS` days. A restore first backs up the current state, so it can be
undone too.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.errors import NotFoundError, StoreError
from app.store.store import Store, describe_storage_error

log = logging.getLogger(__name__)

KEEP_RECENT = 10
KEEP_DAILY_DAYS = 14
_NAME = re.compile(r"^backup-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def name(self) -> str:
        """The file name, which is also the id used by ``workbench backup restore``."""
        return self.path.name


def _copy_sqlite(src_path: Path, dst_path: Path) -> None:
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dst_path)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def create_backup(store: Store, reason: str = "manual", *, rotate: bool = True) -> Path | None:
    """Back up the store's SQLite file; returns the backup path (None for server databases).

    Raises:
        StoreError: The backup could not be written (e.g. the disk is full).
    """
    if store.db_file is None:
        log.info("backup skipped: %s databases are backed up by their server", store.dialect)
        return None
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    folder = store.paths.backup_dir
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"backup-{datetime.now():%Y%m%d-%H%M%S-%f}-{slug}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        _copy_sqlite(store.db_file, partial)
        partial.chmod(0o600)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError("备份失败：" + describe_storage_error(exc)) from exc
    log.info("backup written: %s", target.name)
    if rotate:
        rotate_backups(folder)
    return target


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first."""
    found = []
    for path in folder.glob("backup-*.sqlite3"):
        match = _NAME.match(path.name)
        if not match:
            continue
        taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f")
        found.append(BackupInfo(path, taken, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backups_to_keep(
    backups: list[BackupInfo], now: datetime, keep_recent: int = KEEP_RECENT, keep_days: int = KEEP_DAILY_DAYS
) -> set[Path]:
    """Which backups survive rotation: the newest ``keep_recent`` plus the newest of each recent day."""
    ordered = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep = {b.path for b in ordered[:keep_recent]}
    seen_days: set[object] = set()
    horizon = (now - timedelta(days=keep_days)).date()
    for b in ordered:
        day = b.taken_at.date()
        if day > horizon and day not in seen_days:
            seen_days.add(day)
            keep.add(b.path)
    return keep


def rotate_backups(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete backups that fall outside the rotation policy; returns the deleted paths."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, now or datetime.now())
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def restore_backup(store: Store, name: str) -> Path | None:
    """Replace the store's content with backup ``name``, after backing up the current state.

    Returns the path of the safety backup of the state before the restore.

    Raises:
        NotFoundError: No backup of that name.
        StoreError: The store is not a SQLite file, or the backup is unreadable.
    """
    if store.db_file is None:
        raise StoreError("只有本地 SQLite 数据库可以从备份恢复")
    source = store.paths.backup_dir / Path(name).name
    if not source.is_file():
        raise NotFoundError(f"backup {name} does not exist")
    probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if probe.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(f"备份 {name} 已损坏，未恢复")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"备份 {name} 无法读取：{exc}") from exc
    finally:
        probe.close()
    safety = create_backup(store, reason="before-restore", rotate=False)
    store.engine.dispose()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(store.db_file)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    # An older backup is brought up to the current schema (it was copied aside above).
    from app.store import migrate

    migrate.upgrade(store.engine, db_file=None, backup_dir=None)
    log.info("restored backup %s", source.name)
    return safety
