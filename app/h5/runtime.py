"""Building the H5 service once per process: engines, keys, repository, identity port, service.

``workbench h5 serve`` (and every ``--workers`` process, and the embedded preview) calls
:func:`open_runtime` with the resolved :class:`~app.h5.config.H5Config`; the parts are passed
down, there is no global locator. The parent process migrates and seeds before workers start;
a worker only opens (``prepare=False``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, insert, select

from app.core.errors import InputError, SecretStoreError
from app.core.secrets import SecretStore
from app.h5 import db
from app.h5.archives import SqlArchiveRepository
from app.h5.audit import AuditLog
from app.h5.clock import Clock, SystemClock
from app.h5.config import ZGT_SECRET_KEY, H5Config
from app.h5.crypto import FieldCipher, H5Keys, RefSealer
from app.h5.keys import load_master_key
from app.h5.service import H5Service
from app.h5.simulator import ZgtSimulator
from app.h5.tables import h5_meta
from app.h5.zgt import HttpZgtClient, IdentityProvider

log = logging.getLogger(__name__)
KCV_KEY = "key_check_value"


@dataclass
class H5Runtime:
    """Everything one process of the H5 service needs."""

    config: H5Config
    engine: Engine
    archive_engine: Engine
    keys: H5Keys
    cipher: FieldCipher
    service: H5Service
    simulator: ZgtSimulator | None
    closers: list[object] = field(default_factory=list)

    def close(self) -> None:
        """Stop the writer, dispose of the engines and the HTTP client."""
        self.service.close()
        for item in self.closers:
            close = getattr(item, "close", None)
            if close is not None:
                close()
        self.engine.dispose()
        if self.archive_engine is not self.engine:
            self.archive_engine.dispose()


def _check_key(engine: Engine, keys: H5Keys) -> None:
    """Store the key check value on first use; refuse a different key afterwards."""
    kcv = keys.key_check_value()
    with db.writer(engine).begin() as conn:
        stored = conn.execute(select(h5_meta.c.value).where(h5_meta.c.key == KCV_KEY)).scalar()
        if stored is None:
            conn.execute(insert(h5_meta).values(key=KCV_KEY, value=kcv))
            return
    if stored != kcv:
        raise InputError("keys", "H5 主密钥与数据库不匹配（密钥校验值不同）；请使用写入该数据库时的密钥")


def _identity(config: H5Config, secrets: SecretStore, simulator: ZgtSimulator | None) -> IdentityProvider:
    if config.simulator:
        assert simulator is not None
        return simulator
    try:
        secret = secrets.get(ZGT_SECRET_KEY)
    except SecretStoreError as exc:
        raise InputError("zgt", exc.user_message()) from exc
    if not secret:
        raise InputError("zgt", "系统密钥环中没有智桂通应用密钥；请先运行 workbench h5 set-zgt-secret")
    # Read once at start-up: the keyring is not asked on every request.
    return HttpZgtClient(config.zgt.url, config.zgt.app_id, lambda: secret, timeout=config.zgt.timeout_seconds)


def open_runtime(
    config: H5Config,
    secrets: SecretStore,
    *,
    clock: Clock | None = None,
    prepare: bool = True,
    identity: IdentityProvider | None = None,
    seed_progress: Callable[[int, int], None] | None = None,
) -> H5Runtime:
    """Open the database, load the key and build the service.

    Args:
        config: The resolved configuration.
        secrets: The OS keyring (master key, 智桂通 app secret).
        clock: The time source (tests pass a fake one).
        prepare: Migrate the schema and seed the demo (the parent process); workers pass False.
        identity: An identity port to use instead of the configured one (tests).
        seed_progress: Called with (residents written, residents) while the demo is being
            seeded (the first start only; the preview shows it).

    Raises:
        InputError: Bad database URL, missing or wrong key, missing 智桂通 secret.
    """
    clock = clock or SystemClock()
    engine = db.make_engine(db.with_password(config.db_url, secrets))
    try:
        if prepare:
            db.migrate(engine)
        elif db.current_revision(engine) != db.head_revision():
            raise InputError("--db", "H5 数据库结构不是最新版本；请先由主进程完成迁移")
        master = load_master_key(
            source=config.key_source,
            key_file=Path(config.key_file) if config.key_file else None,
            secrets=secrets,
            demo=config.demo,
            demo_key_file=Path(config.demo_key_file),
        )
        keys = H5Keys.derive(master)
        del master
        try:
            _check_key(engine, keys)
        except InputError:
            if not (config.demo and prepare):
                raise
            # Demo data is synthetic: a demo database written under another key is made again.
            log.warning("the H5 demo database was written with another key; rebuilding the demo data")
            db.reset(engine)
            db.migrate(engine)
            _check_key(engine, keys)
        cipher = FieldCipher(keys)
        if config.demo and prepare:
            from app.h5.demo import seed_demo

            if seed_demo(
                engine, cipher, residents=config.demo_residents, seed=config.demo_seed, progress=seed_progress
            ):
                log.info("seeded %d synthetic residents into the H5 demo database", config.demo_residents)
        archive_engine = db.make_engine(
            db.with_password(config.archive_db_url or config.db_url, secrets), read_only=True
        )
    except BaseException:
        engine.dispose()
        raise
    simulator = ZgtSimulator(engine, cipher, clock) if config.simulator else None
    provider = identity or _identity(config, secrets, simulator)
    service = H5Service(
        config=config,
        engine=engine,
        archives=SqlArchiveRepository(archive_engine, cipher),
        identity=provider,
        cipher=cipher,
        refs=RefSealer(keys),
        audit=AuditLog(keys),
        clock=clock,
    )
    closers: list[object] = [provider] if isinstance(provider, HttpZgtClient) else []
    return H5Runtime(config, engine, archive_engine, keys, cipher, service, simulator, closers)
