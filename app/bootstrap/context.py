"""Services built once per process and passed to the command that runs.

There is no global service locator: :class:`CliContext` is created by ``main`` from the global
options and handed to the command's ``run`` function, which passes the services on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from app.core.paths import DB_URL_ENV, AppPaths

if TYPE_CHECKING:
    from app.core.secrets import SecretStore
    from app.core.settings import SettingsRegistry
    from app.store.store import Store


@dataclass
class CliContext:
    """Lazily built services for one workbench process.

    Attributes:
        data_dir: The ``--data-dir`` option, if given.
        db_url: The ``--db`` option, if given (e.g. a shared PostgreSQL server).
        seed_demo: Whether opening an empty store seeds the demo data.
        warn: Prints a one-line warning (default: ``workbench: warning: …`` on stderr).
    """

    data_dir: str | None = None
    db_url: str | None = None
    seed_demo: bool = True
    warn: Callable[[str], None] = field(default=lambda text: print(f"workbench: warning: {text}", file=sys.stderr))
    """Where notices go that are no error (a corrupt settings file kept aside …); the GUI shows them too."""

    @cached_property
    def paths(self) -> AppPaths:
        """The user data and log folders, created owner-only."""
        paths = AppPaths.resolve(self.data_dir)
        paths.ensure()
        return paths

    @property
    def effective_db_url(self) -> str | None:
        """The database URL from ``--db`` or ``WORKBENCH_DB_URL``; None means the local SQLite file."""
        return self.db_url or os.environ.get(DB_URL_ENV) or None

    @cached_property
    def store(self) -> Store:
        """The migrated case store (demo data is seeded into an empty store)."""
        from app.store.store import Store

        url = self.effective_db_url
        if url is not None:
            from app.store.credentials import with_password

            url = with_password(url, self.secrets)
        store = Store.open(self.paths, url)
        if self.seed_demo:
            from app.bootstrap.demo import seed_if_empty

            seed_if_empty(store)
        return store

    @cached_property
    def secrets(self) -> SecretStore:
        """The OS-keyring-backed secret store."""
        from app.core.secrets import SecretStore

        return SecretStore()

    @cached_property
    def settings(self) -> SettingsRegistry:
        """The typed user-preference registry, persisted as JSON in the data folder."""
        from app.core.settings import JsonSettingsBackend, SettingsRegistry

        registry = SettingsRegistry(JsonSettingsBackend(self.paths.data_dir / "settings.json"))
        for notice in registry.notices:
            self.warn(notice)
        return registry

    def close(self) -> None:
        """Dispose of the database engine if it was opened."""
        if "store" in self.__dict__:
            self.__dict__["store"].close()
