"""Request-scoped helpers shared by the routers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from app.h5.service import RequestContext
from app.h5.state import SessionInfo


def context(request: Request) -> RequestContext:
    """The request's client address and trace id (set by the guard middleware)."""
    state = request.scope.get("state", {})
    return RequestContext(client_ip=str(state.get("client_ip", "unknown")), request_id=str(state.get("trace_id", "")))


def session_for(action: str | None) -> Callable[[Request], Awaitable[SessionInfo]]:
    """A dependency resolving the ``Authorization: Bearer`` session (401 SESSION_EXPIRED otherwise).

    With an ``action``, the access is audited in the same transaction as the session check (list
    audits carry the filters as their resource). The dependency awaits the writer on the event
    loop, so a sync endpoint behind it takes one request thread, not two.
    """

    async def dependency(request: Request) -> SessionInfo:
        service = request.app.state.runtime.service
        resource = ""
        if action and action.startswith("LIST_"):
            q = request.query_params
            resource = f"{q.get('type') or '*'}:{q.get('year') or '*'}"
        session: SessionInfo = await service.authenticate_async(
            request.headers.get("authorization"), context(request), action=action, resource=resource
        )
        return session

    return dependency


SessionDep = Annotated[SessionInfo, Depends(session_for(None))]
FollowupsSession = Annotated[SessionInfo, Depends(session_for("LIST_FOLLOWUP"))]
ExamsSession = Annotated[SessionInfo, Depends(session_for("LIST_EXAM"))]
