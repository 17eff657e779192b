"""Rotating backups of the SQLite store with SQLite's online backup API.

Backups are taken at start-up, every 30 minutes of editing, and before every destructive
action. Rotation keeps the newest :data:`KEEP_RECENT` plus the newest backup of each of the
last :data:`KEEP_DAILY_DAYS` days (both adjustable in the settings). A backup is written to a
``.partial`` file and renamed when complete, so a full disk or a killed process never leaves a
half-written file that looks like a backup. A restore checks the backup first, then backs up the
current state (so the restore can be undone too), and holds the store's writer lock while it
copies.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.core import clock
from app.core.errors import NotFoundError, StoreError
from app.store import migrate
from app.store.engine import copy_sqlite
from app.store.store import Store, describe_storage_error

log = logging.getLogger(__name__)

KEEP_RECENT = 10
KEEP_DAILY_DAYS = 14
_NAME = re.compile(r"^backup-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite3$")
_SIDE_FILES = ("", "-journal", "-wal", "-shm")
_STALE_PARTIAL_SECONDS = 3600


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


def _remove_partial(partial: Path) -> None:
    for side in _SIDE_FILES:
        with contextlib.suppress(OSError):
            Path(f"{partial}{side}").unlink()


def _remove_stale_partials(folder: Path) -> None:
    """Partial files of a backup whose process was killed (older than an hour; never a running one)."""
    now = time.time()
    for path in folder.glob("backup-*.partial*"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > _STALE_PARTIAL_SECONDS:
                path.unlink()


def create_backup(
    store: Store,
    reason: str = "manual",
    *,
    rotate: bool = True,
    keep_recent: int = KEEP_RECENT,
    keep_days: int = KEEP_DAILY_DAYS,
) -> Path | None:
    """Back up the store's SQLite file; returns the backup path (None for server databases).

    Args:
        store: The store to back up.
        reason: A short label in the file name (``startup``, ``auto``, ``before-restore`` …).
        rotate: Apply the rotation policy afterwards.
        keep_recent: Rotation: how many of the newest backups are always kept.
        keep_days: Rotation: for how many days the newest backup of each day is kept.

    Raises:
        StoreError: The backup could not be written (e.g. the disk is full); no partial file remains.
    """
    if store.db_file is None:
        log.info("backup skipped: %s databases are backed up by their server", store.dialect)
        return None
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    folder = store.paths.backup_dir
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError("备份失败：" + describe_storage_error(exc)) from exc
    _remove_stale_partials(folder)
    # The name carries the time in the workbench's zone (as it always did on the assessors' laptops).
    target = folder / f"backup-{clock.now():%Y%m%d-%H%M%S-%f}-{slug}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        copy_sqlite(store.db_file, partial)
        partial.chmod(0o600)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        _remove_partial(partial)
        raise StoreError("备份失败：" + describe_storage_error(exc)) from exc
    except BaseException:
        _remove_partial(partial)
        raise
    log.info("backup written: %s", target.name)
    if rotate:
        rotate_backups(folder, keep_recent=keep_recent, keep_days=keep_days)
    return target


def automatic_backup(
    store: Store, reason: str = "auto", *, keep_recent: int = KEEP_RECENT, keep_days: int = KEEP_DAILY_DAYS
) -> Path | None:
    """:func:`create_backup` for the automatic backups, recording the outcome in ``store.backup_health``.

    A failure is recorded (so the window keeps warning until a backup succeeds) and raised.

    Raises:
        StoreError: The backup could not be written.
    """
    try:
        path = create_backup(store, reason, keep_recent=keep_recent, keep_days=keep_days)
    except StoreError as exc:
        store.backup_health.record_failure(exc.user_message())
        raise
    except OSError as exc:
        store.backup_health.record_failure(describe_storage_error(exc))
        raise StoreError("备份失败：" + describe_storage_error(exc)) from exc
    store.backup_health.record_success(path)
    return path


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first."""
    found = []
    for path in folder.glob("backup-*.sqlite3"):
        match = _NAME.match(path.name)
        if not match:
            continue
        taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f").replace(tzinfo=clock.LOCAL_ZONE)
        found.append(BackupInfo(path, taken, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backups_to_keep(
    backups: list[BackupInfo], now: datetime, keep_recent: int = KEEP_RECENT, keep_days: int = KEEP_DAILY_DAYS
) -> set[Path]:
    """Which backups survive rotation: the newest ``keep_recent`` plus the newest of each recent day."""
    now = clock.aware(now)
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


def rotate_backups(
    folder: Path, now: datetime | None = None, *, keep_recent: int = KEEP_RECENT, keep_days: int = KEEP_DAILY_DAYS
) -> list[Path]:
    """Delete backups that fall outside the rotation policy; returns the deleted paths."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, now or clock.now(), keep_recent, keep_days)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def check_backup(source: Path) -> str | None:
    """Check that ``source`` is an intact workbench database this version can open; returns its revision.

    Raises:
        StoreError: Unreadable, damaged, not a workbench database, or from a newer version.
    """
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"备份 {source.name} 无法读取：{exc}") from exc
    try:
        if probe.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(f"备份 {source.name} 已损坏，未恢复")
        tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"cases", "alembic_version"} <= tables:
            raise StoreError(f"{source.name} 不是工作台的数据库备份，未恢复")
        row = probe.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"备份 {source.name} 无法读取：{exc}") from exc
    finally:
        probe.close()
    revision = str(row[0]) if row else None
    migrate.check_not_newer(revision, source.name)
    return revision


def restore_backup(store: Store, name: str) -> Path | None:
    """Replace the store's content with backup ``name``, after backing up the current state.

    Returns the path of the safety backup of the state before the restore.

    Raises:
        NotFoundError: No backup of that name.
        StoreError: The store is not a SQLite file, the backup is unusable (damaged, not a
            workbench database, from a newer version), or the safety backup failed; in all
            these cases the store is left as it was.
    """
    if store.db_file is None:
        raise StoreError("只有本地 SQLite 数据库可以从备份恢复")
    source = store.paths.backup_dir / Path(name).name
    if not source.is_file():
        raise NotFoundError(f"backup {name} does not exist")
    check_backup(source)
    with store._write_lock:  # no edit may commit between the safety backup and the copy
        safety = create_backup(store, reason="before-restore", rotate=False)
        store.engine.dispose()
        try:
            copy_sqlite(source, store.db_file)
        except sqlite3.Error as exc:
            raise StoreError(
                "恢复失败：" + describe_storage_error(exc) + f"；恢复前的状态在备份 {safety.name if safety else '—'} 中"
            ) from exc
        # An older backup is brought up to the current schema (it was copied aside above).
        migrate.upgrade(store.engine, db_file=None, backup_dir=None)
    log.info("restored backup %s", source.name)
    return safety
