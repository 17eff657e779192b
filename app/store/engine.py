"""Creating the SQLAlchemy engine: SQLite file (WAL, foreign keys, owner-only) or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

WRITE_OPTION = "workbench_write"
"""Execution option set on the writer's engine so SQLite transactions start with BEGIN IMMEDIATE."""

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    # FULL: an edit the user saw saved survives power loss too, not only a process crash.
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=10000",
)


def sqlite_url(path: Path) -> str:
    """Return the SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    """True when ``url`` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def secure_sqlite_files(path: Path) -> None:
    """Make the database file and its WAL/SHM side files owner-only (0600)."""
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            os.chmod(candidate, 0o600)


def copy_sqlite(src_path: Path, dst_path: Path) -> None:
    """Copy a live SQLite database with SQLite's online backup API (consistent even mid-write)."""
    import sqlite3

    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dst_path)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite connections get WAL, foreign keys and owner-only files.

    Args:
        url: A SQLAlchemy URL.
        **kwargs: Passed on to :func:`sqlalchemy.create_engine`.
    """
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            # Create the file owner-only before SQLite does, so there is never a readable window.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    engine = create_engine(url, connect_args={"timeout": 10}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's implicit BEGIN handling breaks SAVEPOINT and DDL-in-transaction; let
        # SQLAlchemy emit BEGIN itself (documented recipe for the pysqlite driver).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no SQLITE_BUSY on lock upgrade when another
        # process writes too); readers stay deferred so they never block the writer in WAL mode.
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    if path is not None:
        with engine.connect():
            pass
        secure_sqlite_files(path)
    return engine
