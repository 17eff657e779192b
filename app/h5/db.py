"""Engines and migrations of the H5 service's database (SQLite file or PostgreSQL).

The service keeps its own Alembic history in ``app/h5/migrations`` with the version table
``h5_alembic_version``, so it can share a PostgreSQL database with other schemas without
touching them. Two engines are made: a writer for the shared state, and a **read-only** engine
for the 公卫 read model (``PRAGMA query_only`` on SQLite, ``default_transaction_read_only`` on
PostgreSQL), so the repository cannot write even by mistake.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.sql import Insert

from app.core.errors import InputError, StoreError
from app.core.secrets import SecretStore

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "h5_alembic_version"
WRITE = "h5_write"
"""Execution option: SQLite transactions of this connection start with BEGIN IMMEDIATE."""


def _json_dumps(value: Any) -> str:
    # Compact UTF-8 JSON: the forms are Chinese text, \uXXXX escapes would triple their size.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_LONG_DIGITS = re.compile(r"\d{19}")
_LONG_DIGITS_B = re.compile(rb"\d{19}")


def json_loads(text: str | bytes) -> Any:
    """``json.loads``, by orjson where it can (the same values, several times faster).

    orjson refuses what the standard library accepts beyond strict JSON (``NaN``, ``Infinity``,
    lone surrogate escapes) and reads integers beyond 64 bits as floats; texts it refuses, and
    any text with a run of 19 digits, are parsed by the standard library, so every stored value
    reads back exactly as before.
    """
    long_digits = _LONG_DIGITS_B if isinstance(text, bytes) else _LONG_DIGITS
    if long_digits.search(text) is None:  # type: ignore[arg-type]
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL and in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def db_secret_key(url: str) -> str:
    """The keyring entry of a server's password (same scheme as ``workbench secret set-db-password``)."""
    u = make_url(url)
    return f"db-password:{u.username or ''}@{u.host or ''}:{u.port or ''}/{u.database or ''}"


def with_password(url: str, secrets: SecretStore) -> str:
    """``url`` with the keyring's password filled in when it carries none (never stored in a file)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" or u.password or not secrets.available:
        return url
    password = secrets.get(db_secret_key(url))
    return u.set(password=password).render_as_string(hide_password=False) if password else url


def make_engine(url: str, *, read_only: bool = False, pool_size: int = 20) -> Engine:
    """Create an engine for the H5 database.

    Args:
        url: A SQLAlchemy URL (``sqlite+pysqlite:///…`` or ``postgresql+psycopg://…``).
        read_only: Connections refuse writes (the 公卫 read model).
        pool_size: Connections kept per process (the request thread pool shares them).

    Raises:
        InputError: The URL is not a database the service supports.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise InputError("--db", f"数据库地址无效：{type(exc).__name__}") from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=pool_size,
            json_serializer=_json_dumps,
            json_deserializer=json_loads,
        )
        if read_only:

            @event.listens_for(engine, "connect")
            def _ro(dbapi_conn: Any, _record: Any) -> None:
                with dbapi_conn.cursor() as cur:
                    cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi_conn.commit()

        return engine
    if backend != "sqlite":
        raise InputError("--db", "只支持 SQLite 与 PostgreSQL（postgresql+psycopg://…）")
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists() and not read_only:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = create_engine(
        url,
        connect_args={"timeout": 15, "check_same_thread": False},
        pool_size=pool_size,
        max_overflow=pool_size,
        json_serializer=_json_dumps,
        json_deserializer=json_loads,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a process crash; PostgreSQL is the production store.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.execute("PRAGMA foreign_keys=ON")
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    if path is not None and os.name == "posix" and not read_only:
        with engine.connect():
            pass
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if candidate.exists():
                os.chmod(candidate, 0o600)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine with SQLite write transactions taking the lock up front."""
    return engine.execution_options(**{WRITE: True})


_write_locks: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_writers: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction.

    On SQLite the threads of a process queue on a lock first: SQLite has one writer, and its busy
    handler sleeps in growing steps when threads collide on the file lock (seconds of tail
    latency under load). PostgreSQL needs no such queue.
    """
    with _locks_guard:
        eng = _writers.get(engine)
        if eng is None:
            eng = _writers[engine] = writer(engine)
    if engine.dialect.name != "sqlite":
        with eng.begin() as conn:
            yield conn
        return
    with _locks_guard:
        lock = _write_locks.setdefault(engine.pool, threading.Lock())
    with lock, eng.begin() as conn:
        yield conn


def upsert(engine: Engine, table: Any) -> Any:
    """The dialect's ``INSERT … ON CONFLICT`` construct for ``table``."""
    module = postgresql if engine.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def insert_ignore(engine: Engine, table: Any, index: list[str]) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` on ``index``."""
    stmt = upsert(engine, table)
    return stmt.on_conflict_do_nothing(index_elements=index)  # type: ignore[no-any-return]


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest revision of the H5 migration history."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    if head is None:  # pragma: no cover
        raise StoreError("no H5 migrations are installed")
    return head


def current_revision(engine: Engine) -> str | None:
    """The H5 revision stamped in the database, or None when the schema is not there yet."""
    if VERSION_TABLE not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        value = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return str(value) if value is not None else None


def reset(engine: Engine) -> None:
    """Drop every table of the H5 schema (demo databases only; the caller migrates again)."""
    from app.h5.tables import metadata

    with writer(engine).begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))


def migrate(engine: Engine) -> bool:
    """Bring the H5 schema to the head revision; returns True when a migration ran.

    Raises:
        StoreError: The database carries an H5 revision this version does not know (newer).
    """
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    if current == script.get_current_head():
        return False
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise StoreError(f"H5 数据库由更新版本写入（结构版本 {current}），本版本无法使用；数据库未作改动")
    from alembic import command

    command.upgrade(_alembic_config(engine), "head")
    return True
