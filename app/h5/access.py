"""The writer thread's side of an authenticated ``me/*`` request: count, touch, audit, then read.

:class:`~app.h5.service.H5Service` hands each request to the group commit of :mod:`app.h5.batch`
as an :class:`AccessRequest`. :meth:`AccessBatch.write` does the writes of a whole batch in one
transaction, exactly as one transaction per request would (same rows, same order, the counts a
request sees include every request before it); after the commit, :meth:`AccessBatch.read` runs
each admitted view's read in one read snapshot per batch, so a request crosses threads once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from app.h5.archives import ArchiveRepository
from app.h5.audit import AuditEntry, AuditLog
from app.h5.config import Limits
from app.h5.state import SessionInfo, StateStore


@dataclass(frozen=True)
class AccessRequest:
    """One ``me/*`` request as the writer sees it (the bearer token only as its hash)."""

    token_hash: str | None
    client_ip: str
    """The client's address; the writer stores only its keyed pseudonym."""
    now: datetime
    action: str | None
    resource: str
    request_id: str
    read: Callable[[SessionInfo], Any] | None = None
    """What the view reads once the writes committed (in the writer thread)."""
    read_many: Callable[[list[SessionInfo]], list[Any]] | None = None
    """``read`` for several sessions at once (one result or exception each), used when given."""


AccessResult = tuple[int, SessionInfo | None, Any]
"""The request's count for its address, its session (None: unknown, ended or expired), what it read."""


class AccessBatch:
    """The batched writes and reads of authenticated requests.

    Args:
        limits: The rate limits (a request over one is neither touched further nor audited).
        state: The shared session and rate-counter tables.
        audit: The chained access audit log.
        archives: The read-only 公卫 repository (its read snapshot).
        pseudonym: The keyed pseudonym of a client address (rate counters and audit records).
    """

    def __init__(
        self,
        *,
        limits: Limits,
        state: StateStore,
        audit: AuditLog,
        archives: ArchiveRepository,
        pseudonym: Callable[[str], str],
    ) -> None:
        self._pseudonym = pseudonym
        self._limits = limits
        self._state = state
        self._audit = audit
        self._archives = archives

    def admitted(self, ip_hits: int, session: SessionInfo | None) -> bool:
        """Whether a request with these counts passes the rate limits and has a live session."""
        limits = self._limits
        return ip_hits <= limits.ip_per_minute and session is not None and session.hits <= limits.session_per_minute

    def write(self, conn: Connection, requests: list[AccessRequest]) -> list[AccessResult]:
        """The writes of a batch of requests, in one transaction (in order).

        Exactly what one transaction per request would write: each request is counted against
        its address, then its session is checked, touched and counted, then its access is
        audited; the counts a request sees include every request before it.
        """
        limits = self._limits
        # One HMAC per address and batch: the requests of a batch mostly share a few addresses.
        clients = {ip: self._pseudonym(ip) for ip in {r.client_ip for r in requests}}
        ip_hits = self._state.hit_many(conn, "ip", [(clients[r.client_ip], r.now) for r in requests])
        touched = [
            (r.token_hash, r.now)
            for r, hits in zip(requests, ip_hits, strict=True)
            if hits <= limits.ip_per_minute and r.token_hash is not None
        ]
        sessions = iter(self._state.touch_sessions(conn, touched))
        results: list[AccessResult] = []
        audits: list[tuple[datetime, AuditEntry]] = []
        for r, hits in zip(requests, ip_hits, strict=True):
            session = None
            if hits <= limits.ip_per_minute and r.token_hash is not None:
                session = next(sessions)
            if r.action and session is not None and session.hits <= limits.session_per_minute:
                entry = AuditEntry(
                    r.action,
                    "OK",
                    session.token_hash[:32],
                    session.person,
                    r.resource,
                    clients[r.client_ip],
                    r.request_id,
                )
                audits.append((r.now, entry))
            results.append((hits, session, None))
        self._audit.append_many(conn, audits)
        return results

    def read(self, requests: list[AccessRequest], results: list[AccessResult]) -> list[AccessResult | Exception]:
        """After the commit: each admitted view's read, all in one read snapshot (writer thread)."""
        out: list[AccessResult | Exception] = []
        if not any(r.read is not None for r in requests):
            return list(results)
        many: dict[Callable[[list[SessionInfo]], list[Any]], list[int]] = {}
        with self._archives.snapshot():
            for i, (request, (ip_hits, session, _)) in enumerate(zip(requests, results, strict=True)):
                if request.read is None or session is None or not self.admitted(ip_hits, session):
                    out.append((ip_hits, session, None))
                elif request.read_many is not None:
                    out.append(results[i])  # filled in below, with the others of its kind
                    many.setdefault(request.read_many, []).append(i)
                else:
                    out.append(_read_one(request.read, results[i]))
            for read_many, members in many.items():
                _read_together(read_many, members, results, out)
        return out


def _read_one(read: Callable[[SessionInfo], Any], result: AccessResult) -> AccessResult | Exception:
    ip_hits, session, _ = result
    assert session is not None
    try:
        return (ip_hits, session, read(session))
    except Exception as exc:
        return exc


def _read_together(
    read_many: Callable[[list[SessionInfo]], list[Any]],
    members: list[int],
    results: list[AccessResult],
    out: list[AccessResult | Exception],
) -> None:
    sessions = [results[i][1] for i in members]
    try:
        values = read_many(sessions)  # type: ignore[arg-type]
    except Exception as exc:
        values = [exc] * len(members)
    for i, value in zip(members, values, strict=True):
        out[i] = value if isinstance(value, Exception) else (results[i][0], results[i][1], value)
