"""The H5 service running in-process for the preview: demo mode, a free loopback port, a worker thread.

:meth:`PreviewBackend.start` runs on a pool thread and returns a plain :class:`BackendInfo`;
:meth:`stop` ends the uvicorn thread and closes the database. The demo database is the same file
``workbench h5 serve --demo`` uses (``<data folder>/h5/h5-demo.sqlite3``); it is seeded once and
kept: a later start finds the same seed, size and demo date recorded in it and only opens it.

Where a start's time goes (measured on 2 cores, idle → with two busy processes beside it):
importing FastAPI, uvicorn and the service ≈0.35–0.6 s, the schema check ≈0.1–0.2 s, uvicorn
≈0.05 s — and on the first start only, seeding 2,000 residents ≈4–7 s. ``start`` reports each
step (:class:`Step`) so the preview can say what it is waiting for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core.paths import AppPaths
from app.core.secrets import SecretStore

Progress = Callable[[int, str], None]
"""``progress(percent, step)`` as the task runner hands it to a job (the percent of that step)."""


class Step:
    """The steps :meth:`PreviewBackend.start` reports, in order (the ``text`` of its progress)."""

    LOADING = "loading"
    """Importing the service (FastAPI, uvicorn, SQLAlchemy, the H5 modules)."""
    DATABASE = "database"
    """Opening the demo database: the schema check, the demo key."""
    SEEDING = "seeding"
    """First start only: writing the synthetic residents (the percent says how far)."""
    SERVER = "server"
    """Starting uvicorn on a free loopback port."""


def _no_progress(_percent: int, _step: str) -> None:
    """No one watches this start."""


@dataclass(frozen=True)
class PreviewIdentity:
    """A demo identity for the resident picker (masked for display)."""

    key: str
    label: str
    scenario: str


@dataclass(frozen=True)
class BackendInfo:
    """What the preview needs once the backend runs."""

    url: str
    identities: tuple[PreviewIdentity, ...]
    names: tuple[str, ...]
    numbers: tuple[str, ...]


class BackendStopped(Exception):
    """The backend was stopped before it had finished starting (nothing to show)."""


class PreviewBackend:
    """Owns the in-process H5 service of the preview.

    Args:
        paths: The workbench's data folders (the demo database lives in ``h5/``).
        secrets: The OS keyring (the demo key).
    """

    def __init__(self, paths: AppPaths, secrets: SecretStore) -> None:
        self._paths = paths
        self._secrets = secrets
        self._lock = threading.Lock()
        self._runtime: Any = None
        self._server: Any = None
        self._stopped = False

    def start(self, progress: Progress | None = None) -> BackendInfo:
        """Open the demo service and serve it on a free loopback port (call off the GUI thread).

        Args:
            progress: Called with (0, :class:`Step`) as each step begins, and while seeding with
                (percent of the residents written, ``Step.SEEDING``).
        """
        report = progress or _no_progress
        report(0, Step.LOADING)
        from app.h5.api import create_app
        from app.h5.config import build_config
        from app.h5.demo import demo_identities
        from app.h5.masking import mask_id_number, mask_name
        from app.h5.runtime import open_runtime
        from app.h5.server import ThreadedServer

        folder = self._paths.data_dir / "h5"
        config = build_config(
            {"log": {"access_log": False}},
            demo=True,
            db_url=None,
            default_db_url=f"sqlite+pysqlite:///{folder / 'h5-demo.sqlite3'}",
            demo_key_file=folder / "demo-master.key",
        )
        report(0, Step.DATABASE)
        runtime = open_runtime(
            config,
            self._secrets,
            seed_progress=lambda done, total: report(100 * done // max(total, 1), Step.SEEDING),
        )
        report(0, Step.SERVER)
        try:
            server = ThreadedServer(create_app(runtime))
            server.start()
        except BaseException:
            runtime.close()
            raise
        with self._lock:
            stopped = self._stopped
            if not stopped:
                self._runtime, self._server = runtime, server
        if stopped:
            # The window closed while the service was starting: it must not outlive the window.
            server.stop()
            runtime.close()
            raise BackendStopped
        people = demo_identities(runtime.engine, runtime.cipher)
        identities = tuple(
            PreviewIdentity(p.key, f"{mask_name(p.name)} · {mask_id_number(p.cert_no)} · {p.note}", p.scenario)
            for p in people[:200]
        )
        numbers = tuple(p.cert_no for p in people) + tuple(p.cert_no[:6] + p.cert_no[8:17] for p in people)
        return BackendInfo(server.url, identities, tuple(p.name for p in people), numbers)

    def stop(self) -> None:
        """Stop serving and close the database (idempotent; a start still under way stops at its end)."""
        with self._lock:
            self._stopped = True
            server, runtime = self._server, self._runtime
            self._server = self._runtime = None
        if server is not None:
            server.stop()
        if runtime is not None:
            runtime.close()

    @property
    def running(self) -> bool:
        """Whether the server thread is up."""
        return self._server is not None
