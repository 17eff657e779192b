"""Pure-ASGI middleware: body limit (413), request ids, client address, security headers.

They wrap the whole FastAPI app, so even its own error pages carry the headers.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from ipaddress import ip_address
from typing import Any

from app.h5.errors import H5Error

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
API_PREFIX = "/api/h5/v1"


def csp(sdk_origin: str | None) -> str:
    """The page's Content-Security-Policy: same origin only (plus the 智桂通 SDK's origin)."""
    script = "'self'" + (f" {sdk_origin}" if sdk_origin else "")
    return (
        f"default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


async def send_error(send: Send, error: H5Error) -> None:
    """Send an error response from middleware (before the app ran)."""
    body = json.dumps(error.body(), ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Request id, client address, the 64 KB body limit and the security headers.

    Args:
        app: The wrapped ASGI app.
        body_limit: The largest accepted request body in bytes (larger → 413).
        trusted_proxies: Addresses whose ``X-Forwarded-For`` is believed (the TLCP gateway).
        sdk_origin: Origin of the 智桂通 JS SDK for the CSP (None in demo mode).
        worker_id: Sent as ``X-H5-Worker`` (demo mode only: shows which worker answered).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        body_limit: int,
        trusted_proxies: tuple[str, ...],
        sdk_origin: str | None,
        worker_id: str | None = None,
    ) -> None:
        self.app = app
        self.worker = worker_id.encode() if worker_id else None
        self.body_limit = body_limit
        self.trusted = set(trusted_proxies)
        self.csp = csp(sdk_origin).encode()

    def _client(self, scope: Scope, headers: dict[bytes, bytes]) -> str:
        peer = (scope.get("client") or ("unknown", 0))[0]
        forwarded = headers.get(b"x-forwarded-for")
        if peer not in self.trusted or not forwarded:
            return str(peer)
        # Walk from the right: the first address that is not one of our proxies is the client.
        for hop in reversed([h.strip() for h in forwarded.decode("latin-1").split(",")]):
            try:
                ip_address(hop)
            except ValueError:
                return str(peer)
            if hop not in self.trusted:
                return hop
        return str(peer)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        rid = headers.get(b"x-request-id", b"").decode("latin-1")
        trace_id = rid if _REQUEST_ID.match(rid) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["trace_id"] = trace_id
        state["client_ip"] = self._client(scope, headers)
        path: str = scope.get("path", "")
        extra = self._headers(path, trace_id)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in existing]
            await send(message)

        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.body_limit):
            await send_error(send_with_headers, H5Error("BODY_TOO_LARGE"))
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            chunks: list[bytes] = []
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.body_limit:
                    await send_error(send_with_headers, H5Error("BODY_TOO_LARGE"))
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _headers(self, path: str, trace_id: str) -> list[tuple[bytes, bytes]]:
        out = [
            (b"x-request-id", trace_id.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", self.csp),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"strict-transport-security", b"max-age=31536000"),
        ]
        if self.worker:
            out.append((b"x-h5-worker", self.worker))
        if path.startswith((API_PREFIX, "/sim/")) and not path.startswith(API_PREFIX + "/dict/"):
            out += [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
        elif path.startswith(API_PREFIX + "/dict/"):
            out.append((b"cache-control", b"public, max-age=3600"))
        else:
            out.append((b"cache-control", b"no-cache"))
        return out
