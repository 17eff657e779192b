"""The case store service: one engine, read sessions, and a single serialised, audited writer.

Every change is one short transaction through :meth:`Store.write`, serialised by a lock so the
GUI's writer thread, background jobs and the CLI never interleave half-done writes. A
transaction that changes stored data must also append its audit record
(:func:`app.store.audit.append`): otherwise it is rolled back with :class:`UnauditedWriteError`,
so no write path can forget the audit log. Storage failures (disk full, read-only file, locked
database) become a :class:`StoreError` with a message the user can act on; the transaction is
rolled back, so nothing half-written remains.
"""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from app.core.errors import StoreError
from app.core.paths import AppPaths
from app.store import migrate
from app.store.engine import WRITE_OPTION, is_sqlite, make_engine, secure_sqlite_files, sqlite_path, sqlite_url
from app.store.health import BackupHealth

log = logging.getLogger(__name__)
T = TypeVar("T")

AUDITED_KEY = "workbench_audited"
"""``Session.info`` key that :func:`app.store.audit.append` sets: the transaction left its audit record."""
_CHANGED_KEY = "workbench_changed"
_AUDIT_TABLES = frozenset({"audit_events"})
_HEAD_PREFIX = "audit_head:"


class UnauditedWriteError(RuntimeError):
    """A transaction changed stored data without an audit record (a bug in a write path); it was rolled back."""


def _changed_tables(session: Session) -> set[str]:
    found: set[str] = session.info.setdefault(_CHANGED_KEY, set())
    return found


def _counts(obj: object) -> bool:
    """Whether a change of ``obj`` needs an audit record (the audit log and its chain heads do not)."""
    table = getattr(obj, "__tablename__", "")
    if table in _AUDIT_TABLES:
        return False
    return not (table == "app_meta" and str(getattr(obj, "key", "")).startswith(_HEAD_PREFIX))


def _note_flush(session: Session, _context: object, _instances: object) -> None:
    changed = _changed_tables(session)
    for obj in (*session.new, *session.deleted):
        if _counts(obj):
            changed.add(getattr(obj, "__tablename__", type(obj).__name__))
    for obj in session.dirty:
        if _counts(obj) and session.is_modified(obj):
            changed.add(getattr(obj, "__tablename__", type(obj).__name__))


def _note_statement(state: ORMExecuteState) -> None:
    statement = state.statement
    sql = str(getattr(statement, "text", "")).lstrip()[:6].upper()
    if state.is_insert or state.is_update or state.is_delete or sql in ("INSERT", "UPDATE", "DELETE"):
        table = getattr(getattr(statement, "table", None), "name", "?")
        if table not in _AUDIT_TABLES:
            _changed_tables(state.session).add(str(table))


def describe_storage_error(exc: BaseException) -> str:
    """Turn a low-level storage exception into a Chinese sentence the user can act on."""
    text_ = str(getattr(exc, "orig", exc)).lower()
    os_errno = getattr(getattr(exc, "orig", None), "errno", None) or getattr(exc, "errno", None)
    if "disk is full" in text_ or "database or disk is full" in text_ or os_errno == errno.ENOSPC:
        return "磁盘空间已满，本次修改未保存（之前保存的内容完好）。请释放磁盘空间后重试"
    if "readonly" in text_ or "read-only" in text_ or os_errno in (errno.EROFS, errno.EACCES):
        return "数据库文件为只读，本次修改未保存。请检查文件权限或存放位置"
    if "locked" in text_ or "busy" in text_:
        return "数据库正被其他程序占用，本次修改未保存，请稍后重试"
    if "malformed" in text_ or "not a database" in text_:
        return "数据库文件已损坏，请从备份恢复（工具 → 从备份恢复）"
    return f"数据库操作失败：{str(getattr(exc, 'orig', exc)).splitlines()[0][:200]}"


class Store:
    """The migrated case store.

    Args:
        engine: The SQLAlchemy engine.
        paths: The user data folders (evidence, backups).
    """

    def __init__(self, engine: Engine, paths: AppPaths) -> None:
        self.engine = engine
        self.paths = paths
        self.db_file: Path | None = sqlite_path(engine.url.render_as_string(hide_password=False))
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)
        event.listen(self._write, "before_flush", _note_flush)
        event.listen(self._write, "do_orm_execute", _note_statement)
        self._write_lock = threading.RLock()
        self.after_write: list[Callable[[], None]] = []
        self.backup_health = BackupHealth()
        """Whether the automatic backups of this store work (see :func:`app.store.backup.automatic_backup`)."""

    @classmethod
    def open(cls, paths: AppPaths, url: str | None = None) -> Store:
        """Open (and migrate) the store at ``url`` or the SQLite file in ``paths``.

        Raises:
            NewerSchemaError: The database was written by a newer version; it is left untouched.
            StoreError: The database cannot be opened.
        """
        url = url or sqlite_url(paths.db_file)
        db_file = sqlite_path(url)
        peeked: str | None = None
        if db_file is not None and db_file.exists() and db_file.stat().st_size > 0:
            # Read the revision without opening a read-write connection: a newer database must
            # not even get a WAL file from us.
            peeked = _peek_sqlite_revision(db_file)
            migrate.check_not_newer(peeked, str(db_file))
        try:
            engine = make_engine(url)
        except (OperationalError, DBAPIError) as exc:
            raise StoreError(describe_storage_error(exc)) from exc
        try:
            migrate.upgrade(engine, db_file=db_file, backup_dir=paths.backup_dir, peeked=peeked)
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            raise StoreError(describe_storage_error(exc)) from exc
        except BaseException:
            engine.dispose()
            raise
        if db_file is not None:
            secure_sqlite_files(db_file)
        log.info("store opened (%s)", "sqlite" if is_sqlite(url) else engine.dialect.name)
        return cls(engine, paths)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; do not write through it."""
        session = self._read()
        try:
            yield session
        finally:
            # close() (not rollback()) so already-loaded attributes stay readable afterwards.
            session.close()

    def write(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in one short write transaction and commit it.

        ``fn`` must record what it changes with :func:`app.store.audit.append` in the same session.

        Raises:
            StoreError: The write failed (disk full, read-only, locked); nothing was written.
            UnauditedWriteError: ``fn`` changed data without an audit record; nothing was written.
        """
        with self._write_lock:
            session = self._write()
            try:
                result = fn(session)
                session.flush()
                changed = session.info.get(_CHANGED_KEY)
                if changed and not session.info.get(AUDITED_KEY):
                    raise UnauditedWriteError(
                        f"a write changed {', '.join(sorted(changed))} without an audit record "
                        "(call app.store.audit.append in the same transaction)"
                    )
                session.commit()
            except (OperationalError, DBAPIError) as exc:
                session.rollback()
                log.warning("write failed: %s", exc.__class__.__name__)
                raise StoreError(describe_storage_error(exc)) from exc
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()
        for hook in list(self.after_write):
            hook()
        return result

    def pragma(self, name: str) -> str:
        """Return a SQLite PRAGMA value (for diagnostics and tests)."""
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql(f"PRAGMA {name}").scalar())

    def integrity_ok(self) -> bool:
        """Run ``PRAGMA integrity_check`` (SQLite) or a trivial query (server)."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            return conn.execute(text("SELECT 1")).scalar() == 1

    def close(self) -> None:
        """Dispose of the engine's connections."""
        self.engine.dispose()


def _peek_sqlite_revision(db_file: Path) -> str | None:
    """Read the Alembic revision without writing anything (not even a WAL index)."""
    import sqlite3

    def query(uri: str) -> str | None:
        conn = sqlite3.connect(uri, uri=True)
        try:
            row = conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if row is None:
                return None
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return str(rev[0]) if rev else None
        finally:
            conn.close()

    # Without a -wal file the main file is complete, so read it as immutable: a plain read-only
    # open of a WAL database would still create -wal/-shm files next to it.
    mode = "mode=ro" if Path(f"{db_file}-wal").exists() else "immutable=1"
    try:
        return query(f"file:{db_file}?{mode}")
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe_storage_error(exc)) from exc
