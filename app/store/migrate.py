"""Schema migrations with Alembic, run at start-up.

Before migrating an existing SQLite file the store copies it aside (SQLite online backup), so
a failed or unwanted migration can be undone. A database whose revision this version does not
know was written by a newer workbench: it is refused with a clear message and left untouched.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, text

from app.core import clock
from app.core.errors import NewerSchemaError, StoreError
from app.store.engine import copy_sqlite

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

HEAD = "0007"
"""The newest revision in ``migrations/versions`` (a test checks it against Alembic).

Start-up compares the database's revision with this constant and imports Alembic (≈0.3 s)
only when a migration is actually due or the revision is unknown.
"""


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to ``engine`` (no alembic.ini needed at run time)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of the code knows (read from Alembic)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise StoreError("no database migrations are installed")
    return head


def known_revisions() -> set[str]:
    """All revisions in this version's migration history."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty database."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None


def check_not_newer(revision: str | None, where: str) -> None:
    """Raise :class:`NewerSchemaError` when ``revision`` is unknown to this version."""
    if revision is not None and revision != HEAD and revision not in known_revisions():
        raise NewerSchemaError(
            f"数据库 {where} 由更新版本的工作台写入（结构版本 {revision}），本版本无法打开；"
            "数据库未作任何改动，请升级工作台后再打开"
        )


def backup_before_migration(db_file: Path, backup_dir: Path, revision: str | None) -> Path:
    """Copy ``db_file`` aside with SQLite's online backup API and return the copy's path."""
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"pre-migrate-{revision or 'empty'}-{stamp}.sqlite3"
    copy_sqlite(db_file, target)
    target.chmod(0o600)
    log.info("copied database aside before migration: %s", target.name)
    return target


def upgrade(engine: Engine, *, db_file: Path | None, backup_dir: Path | None, peeked: str | None = None) -> bool:
    """Bring the schema to the head revision; returns True when a migration ran.

    Args:
        engine: The engine to migrate.
        db_file: The SQLite file (None for server databases), copied aside first.
        backup_dir: Where the pre-migration copy goes.
        peeked: The revision the caller has just read from the same file without opening it
            for writing. When it is the head, nothing is read again (a store at the head, the
            usual case, opens without a reflection query); anything else is read afresh.

    Raises:
        NewerSchemaError: The database was written by a newer version (left untouched).
    """
    if peeked == HEAD:
        return False
    revision = current_revision(engine)
    if revision == HEAD:
        return False
    check_not_newer(revision, str(db_file) if db_file else engine.url.render_as_string(hide_password=True))
    head = head_revision()
    if revision == head:
        return False
    has_tables = bool(inspect(engine).get_table_names())
    if db_file is not None and backup_dir is not None and has_tables:
        backup_before_migration(db_file, backup_dir, revision)
    log.info("migrating database from %s to %s", revision, head)
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    _reclaim_sqlite_pages(engine)
    return True


def _reclaim_sqlite_pages(engine: Engine) -> None:
    """VACUUM a SQLite file whose migration dropped tables (e.g. 0004's old ``tickets``).

    Freed pages would otherwise keep the dropped rows on disk (personal data included) and make
    a damaged backup look healthy to ``PRAGMA integrity_check``, which does not read free pages.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection  # the DB-API connection: no transaction begun
        if int(raw.execute("PRAGMA freelist_count").fetchone()[0]) == 0:
            return
        raw.execute("VACUUM")
