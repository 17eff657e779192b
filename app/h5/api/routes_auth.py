"""``/api/h5/v1/auth/*`` and ``/api/h5/v1/dict/terms``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request

from app.core.paths import resource_path
from app.h5.api.deps import SessionDep, context
from app.h5.api.schemas import ConsentIn, ExchangeIn
from app.h5.runtime import H5Runtime

PREFIX = "/api/h5/v1"


def router(runtime: H5Runtime) -> APIRouter:
    """The token exchange, consent, logout and the static dictionary."""
    service = runtime.service
    r = APIRouter(prefix=PREFIX)
    terms = json.loads(resource_path("h5-service", "terms.json").read_text(encoding="utf-8"))

    @r.post("/auth/zgt/exchange")
    def exchange(body: ExchangeIn, request: Request) -> dict[str, Any]:
        """Exchange the 智桂通 token (POST body only) for a session."""
        return service.exchange(body.zgtToken, context(request))

    @r.post("/auth/consent")
    def consent(body: ConsentIn, s: SessionDep, request: Request) -> dict[str, Any]:
        """Record agreement to the privacy notice."""
        return service.consent(s, body.noticeVersion, body.scope, context(request))

    @r.post("/auth/logout")
    def logout(s: SessionDep, request: Request) -> dict[str, bool]:
        """End the session."""
        return service.logout(s, context(request))

    @r.get("/dict/terms")
    def dict_terms() -> dict[str, Any]:
        """名词解释 and 参考范围 (static, cacheable)."""
        return {"terms": terms["terms"], "refRanges": terms["refRanges"], "source": terms["source"]}

    return r
