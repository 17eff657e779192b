"""The FastAPI application of the H5 service: API routes, the page, the demo simulator.

``create_app(runtime)`` builds a fresh app around an :class:`~app.h5.runtime.H5Runtime`; there
is no module-level app object, so tests, the CLI, ``--workers`` processes and the embedded
preview each build their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.h5.api import page, routes_auth, routes_me, routes_sim
from app.h5.api.middleware import GuardMiddleware
from app.h5.errors import H5Error
from app.h5.runtime import H5Runtime

log = logging.getLogger(__name__)
PURGE_SECONDS = 60
GC_YOUNG_THRESHOLD = 10_000
"""Allocations between collections of the youngest generation in a server process (Python: 700)."""


def tune_gc() -> None:
    """Keep the garbage collector off the request path of a dedicated server process.

    A started worker holds about 120,000 long-lived objects (FastAPI, pydantic, SQLAlchemy, the
    modules). The objects of the ~50 requests in flight survive the frequent young collections
    and get promoted, which soon triggers a full collection that walks all of those objects — a
    pause of tens of milliseconds several times a second under load, and about a fifth of the
    server's CPU per ``me/summary`` request. :func:`gc.freeze` moves the objects that exist once
    the app has started out of the collector's reach (they stay alive for the life of the
    process anyway), and a young-generation threshold of 10,000 instead of 700 makes the
    collections of short-lived request objects rarer. Reference counting still frees almost
    everything at once; only cyclic garbage waits a little longer for a collection.

    Process-wide, so only for processes that serve (``workbench h5 serve`` and its workers),
    never for the workbench that runs the embedded preview.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def _error(request: Request, error: H5Error) -> JSONResponse:
    del request  # the trace id is in the X-Request-Id header the guard adds
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _validation_field(exc: RequestValidationError) -> tuple[str, str | None]:
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "BAD_REQUEST", None
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        if err.get("type") == "missing" and not loc:
            return "BAD_REQUEST", None
        if loc:
            return "INVALID_FIELD", ".".join(loc)
    return "INVALID_FIELD", None


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(H5Error)
    async def _h5(request: Request, exc: H5Error) -> JSONResponse:
        return _error(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        code, field = _validation_field(exc)
        return _error(request, H5Error(code, field=field))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "BODY_TOO_LARGE"}.get(exc.status_code, "BAD_REQUEST")
        return _error(request, H5Error(code))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s in %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
        return _error(request, H5Error("INTERNAL_ERROR"))


def create_app(runtime: H5Runtime, *, purge: bool = True, server_process: bool = False) -> Any:
    """Build the ASGI app (FastAPI wrapped in the guard middleware).

    Args:
        runtime: The opened service.
        purge: Delete expired shared state every minute in the background.
        server_process: The app is the only one of a dedicated server process: tune the garbage
            collector at start-up (:func:`tune_gc`; not for the embedded preview).
    """
    config = runtime.config

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if server_process:
            tune_gc()  # here, once uvicorn and the app have made their long-lived objects
        task = asyncio.create_task(_purge_loop(runtime)) if purge else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app = FastAPI(
        title="智桂通健康档案 H5 服务",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/h5/v1/openapi.json" if config.demo else None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    _install_handlers(app)
    app.include_router(routes_auth.router(runtime))
    app.include_router(routes_me.router(runtime))
    if config.simulator:
        app.include_router(routes_sim.router(runtime))
    page.mount(app, runtime)
    sdk_origin = None if config.simulator else _origin(config.sdk_url)
    return GuardMiddleware(
        app,
        body_limit=config.limits.body_bytes,
        trusted_proxies=config.trusted_proxies,
        sdk_origin=sdk_origin,
        worker_id=str(os.getpid()) if config.demo else None,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def _purge_loop(runtime: H5Runtime) -> None:
    while True:
        try:
            await asyncio.to_thread(runtime.service.purge)
        except Exception:  # keep serving; the next round tries again
            log.exception("purging expired H5 state failed")
        await asyncio.sleep(PURGE_SECONDS)
