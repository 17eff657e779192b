"""``/sim/zgt/*``: the 智桂通 simulator, registered only in demo mode (404 otherwise)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.core.paths import resource_path
from app.h5.api.schemas import SimLoginIn
from app.h5.demo import demo_identities
from app.h5.runtime import H5Runtime
from app.h5.zgt import ZgtUser


def router(runtime: H5Runtime) -> APIRouter:
    """The simulator's routes and the JS shim that provides ``UserPlugin.login`` to the page."""
    simulator = runtime.simulator
    assert simulator is not None
    r = APIRouter(prefix="/sim/zgt")
    shim = resource_path("h5", "sim", "zgt-shim.js")

    @r.get("/users")
    def users(
        limit: int = Query(default=5000, ge=1, le=100_000), key: str | None = Query(default=None, max_length=40)
    ) -> dict[str, Any]:
        """The demo identities (synthetic): name, certType, certNo, and the scenario each shows."""
        people = demo_identities(runtime.engine, runtime.cipher)
        if key is not None:
            people = [p for p in people if p.key == key]
        # One ordinary resident first, then one identity per matching scenario, then the rest.
        normal = [p for p in people if p.key[1:].isdigit()]
        scenarios = [p for p in people if not p.key[1:].isdigit()]
        items = [
            {
                "key": p.key,
                "name": p.name,
                "certType": p.cert_type,
                "certNo": p.cert_no,
                "scenario": p.scenario,
                "note": p.note,
            }
            for p in (normal[:1] + scenarios + normal[1:])[:limit]
        ]
        return {"items": items, "total": len(people), "synthetic": True}

    @r.post("/login")
    def login(body: SimLoginIn) -> dict[str, str]:
        """Log any identity in (also one without an archive); the token is single-use, 5 minutes."""
        token = simulator.login(ZgtUser(body.name, body.certType, body.certNo), expired=body.expired)
        return {"token": token}

    @r.get("/shim.js")
    def shim_js() -> Response:
        """The JS shim with ``croods`` / ``UserPlugin.login`` for a normal browser."""
        return Response(shim.read_bytes(), media_type="text/javascript; charset=utf-8")

    return r
