"""Request-scoped helpers shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.h5.service import RequestContext
from app.h5.state import SessionInfo


def context(request: Request) -> RequestContext:
    """The request's client address and trace id (set by the guard middleware)."""
    state = request.scope.get("state", {})
    return RequestContext(client_ip=str(state.get("client_ip", "unknown")), request_id=str(state.get("trace_id", "")))


def current_session(request: Request) -> SessionInfo:
    """The session of the ``Authorization: Bearer`` header (401 SESSION_EXPIRED otherwise)."""
    service = request.app.state.runtime.service
    return service.authenticate(request.headers.get("authorization"), context(request))  # type: ignore[no-any-return]


SessionDep = Annotated[SessionInfo, Depends(current_session)]
