"""Running the H5 service on uvicorn: one process, ``--workers N``, or in a thread (the preview).

With ``--workers N`` the parent migrates and seeds, then uvicorn's supervisor starts N worker
processes that each build their own app from the configuration in ``WORKBENCH_H5_CONFIG``
(:func:`worker_app`). All shared state is in the database, so the workers behave like one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from typing import Any

from app.core.logsetup import MaskingFilter
from app.core.secrets import SecretStore
from app.h5.config import H5Config

log = logging.getLogger(__name__)
CONFIG_ENV = "WORKBENCH_H5_CONFIG"


def log_config(access_log: bool) -> dict[str, Any]:
    """Uvicorn's logging: stderr, ID numbers masked by the workbench's filter (last line of defence)."""
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "filters": ["mask"],
        "formatter": "plain",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"mask": {"()": MaskingFilter}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.access": {
                "handlers": ["stderr"],
                "level": "INFO" if access_log else "WARNING",
                "propagate": False,
            },
            "app.h5": {"handlers": ["stderr"], "level": "INFO", "propagate": True},
        },
    }


def worker_app() -> Any:
    """The ASGI app of one ``--workers`` process (uvicorn calls this factory in each worker)."""
    from app.h5.api import create_app
    from app.h5.runtime import open_runtime

    config = H5Config.from_json(os.environ[CONFIG_ENV])
    runtime = open_runtime(config, SecretStore(), prepare=False)
    return create_app(runtime, server_process=True)


def serve(config: H5Config, secrets: SecretStore, *, host: str, port: int, workers: int) -> None:
    """Migrate (and seed the demo), then serve until interrupted."""
    import uvicorn

    from app.h5.api import create_app
    from app.h5.runtime import open_runtime

    runtime = open_runtime(config, secrets, prepare=True)
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": log_config(config.access_log),
        "access_log": config.access_log,
        "server_header": False,
        "proxy_headers": False,  # X-Forwarded-For is read by the guard, from trusted proxies only
        "timeout_graceful_shutdown": 10,
    }
    if workers <= 1:
        try:
            uvicorn.run(create_app(runtime, server_process=True), **common)
        finally:
            runtime.close()
        return
    runtime.close()
    os.environ[CONFIG_ENV] = config.to_json()
    uvicorn.run("app.h5.server:worker_app", factory=True, workers=workers, **common)


class ThreadedServer:
    """uvicorn in a worker thread on a free loopback port; :meth:`stop` ends it cleanly.

    Args:
        app: The ASGI app.
        host: The address to bind (loopback).
        port: The port, 0 for a free one.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        config = uvicorn.Config(
            app, log_config=None, access_log=False, server_header=False, lifespan="on", timeout_graceful_shutdown=2
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="h5-server", daemon=True)
        self.error: BaseException | None = None

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:  # reported to whoever waits in start()
            self.error = exc

    def start(self, timeout: float = 30.0) -> None:
        """Start serving and wait until the server accepts connections.

        Raises:
            RuntimeError: The server did not start in time (or failed).
        """
        self._thread.start()
        waited = 0.0
        while not self._server.started:
            if self.error is not None or not self._thread.is_alive():
                raise RuntimeError(f"H5 server failed to start: {self.error!r}")
            if waited > timeout:
                raise RuntimeError("H5 server did not start in time")
            threading.Event().wait(0.05)
            waited += 0.05

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to exit and wait for its thread."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._sock.close()
