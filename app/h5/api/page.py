"""Serving the H5 page (``resources/h5``) at ``/``: index.html, the assets, nothing else.

index.html is rendered once at start-up: the 智桂通 JS SDK's address (or, in demo mode, the
simulator's shim) and the demo flag are filled in. No third-party script is referenced except
the 智桂通 SDK itself, which the CSP allows by origin.
"""

from __future__ import annotations

import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.core.paths import resource_path
from app.h5.runtime import H5Runtime


def render_index(runtime: H5Runtime) -> str:
    """index.html with the SDK script and the demo flag filled in."""
    template = resource_path("h5", "index.html").read_text(encoding="utf-8")
    config = runtime.config
    sdk = "/sim/zgt/shim.js" if config.simulator else config.sdk_url
    return (
        template.replace("{{SDK_URL}}", html.escape(sdk, quote=True))
        .replace("{{DEMO}}", "1" if config.demo else "0")
        .replace("{{NOTICE_VERSION}}", html.escape(config.notice_version, quote=True))
    )


def mount(app: FastAPI, runtime: H5Runtime) -> None:
    """Add the page's routes to ``app``."""
    index = render_index(runtime)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    @app.api_route("/index.html", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(index)

    app.mount("/assets", StaticFiles(directory=str(resource_path("h5", "assets"))), name="assets")
