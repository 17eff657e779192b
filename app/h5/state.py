"""Shared state of the H5 service in its database: sessions, single-use token marks, rate counters.

Nothing here lives in process memory, so ``--workers N`` (or N machines behind a balancer)
behaves exactly like one worker: a token marked on one worker is refused on every other, and
rate limits add up across all of them. Every operation is one atomic statement —
``INSERT … ON CONFLICT`` for counters and marks, ``UPDATE … RETURNING`` for the session touch —
so concurrent requests on PostgreSQL never lose a count.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, case, delete, insert, update

from app.h5.crypto import FieldCipher, constant_time_equal
from app.h5.db import insert_ignore, upsert
from app.h5.prepared import Prepared
from app.h5.tables import h5_rate, h5_sessions, h5_sim_tokens, h5_token_marks

log = logging.getLogger(__name__)
WINDOW_SECONDS = 60
TOKEN_MARK_TTL = timedelta(hours=1)


@dataclass(frozen=True)
class SessionInfo:
    """The person behind a valid session (resolved only from the session token)."""

    token_hash: str
    archive_id: int
    person: str
    match_status: str
    created_at: datetime
    hits: int


def window_of(now: datetime) -> int:
    """The fixed rate-limit window ``now`` falls in."""
    return int(now.timestamp()) // WINDOW_SECONDS


def retry_after(now: datetime) -> int:
    """Seconds until the current window ends (the ``Retry-After`` header)."""
    return WINDOW_SECONDS - int(now.timestamp()) % WINDOW_SECONDS


def new_session_token() -> str:
    """A fresh 256-bit session token (base64url, 43 characters)."""
    return secrets.token_urlsafe(32)


class StateStore:
    """Atomic operations on the shared state tables.

    Args:
        engine: The writer engine of the H5 database.
        cipher: MACs each session's binding to its archive.
        idle: Idle time-out of a session.
        absolute: Absolute lifetime of a session.
    """

    def __init__(self, engine: Engine, cipher: FieldCipher, *, idle: timedelta, absolute: timedelta) -> None:
        self._engine = engine
        self._cipher = cipher
        self.idle = idle
        self.absolute = absolute
        # Built once: constructing the statements costs more than running them.
        hit = upsert(engine, h5_rate).values(
            scope=bindparam("scope"), subject=bindparam("subject"), window=bindparam("window"), hits=bindparam("n")
        )
        self._hit = hit.on_conflict_do_update(
            index_elements=["scope", "subject", "window"], set_={"hits": h5_rate.c.hits + hit.excluded.hits}
        ).returning(h5_rate.c.hits)
        s = h5_sessions.c
        self._prepared: Prepared | None = None
        self._hit_prepared: Prepared | None = None
        self._touch = (
            update(h5_sessions)
            .where(
                s.id_hash == bindparam("h"),
                s.status == "ACTIVE",
                s.abs_expires_at > bindparam("now"),
                s.last_seen_at > bindparam("cutoff"),
            )
            .values(
                last_seen_at=bindparam("now"),
                rl_count=case((s.rl_window == bindparam("w"), s.rl_count + 1), else_=1),
                rl_window=bindparam("w"),
            )
            .returning(
                s.archive_id, s.person, s.match_status, s.created_at, s.rl_count, s.abs_expires_at, s.binding_mac
            )
        )

    @property
    def _touch_prepared(self) -> Prepared:
        if self._prepared is None:
            self._prepared = Prepared(self._engine, self._touch)
        return self._prepared

    def hit(self, conn: Connection, scope: str, subject: str, now: datetime) -> int:
        """Count one request of ``subject`` in ``scope`` and return the count in this window."""
        return self._add(conn, scope, subject, window_of(now), 1)

    def hit_many(self, conn: Connection, scope: str, hits: list[tuple[str, datetime]]) -> list[int]:
        """Count several requests at once; returns each one's count as if they were counted in order.

        The requests of one subject and window are added in one statement (``hits + n``); the
        k-th of them gets ``total - n + k``, exactly what ``n`` single :meth:`hit` calls return.
        """
        groups: dict[tuple[str, int], list[int]] = {}
        for i, (subject, now) in enumerate(hits):
            groups.setdefault((subject, window_of(now)), []).append(i)
        out = [0] * len(hits)
        for (subject, window), members in groups.items():
            total = self._add(conn, scope, subject, window, len(members))
            for k, i in enumerate(members, start=1):
                out[i] = total - len(members) + k
        return out

    def _add(self, conn: Connection, scope: str, subject: str, window: int, n: int) -> int:
        if self._hit_prepared is None:
            self._hit_prepared = Prepared(self._engine, self._hit)
        # On the driver connection of the caller's transaction, as the touch (see app.h5.prepared).
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            row = self._hit_prepared.first(cursor, {"scope": scope, "subject": subject, "window": window, "n": n})
        finally:
            cursor.close()
        return int(row.hits)

    def mark_token(self, conn: Connection, token_hash: str, now: datetime) -> bool:
        """Mark a 智桂通 token as used; False when it was used before (on any worker)."""
        stmt = (
            insert_ignore(self._engine, h5_token_marks, ["token_hash"])
            .values(token_hash=token_hash, expires_at=now + TOKEN_MARK_TTL)
            .returning(h5_token_marks.c.token_hash)
        )
        # RETURNING yields the row only when it was inserted (rowcount is not reliable on every driver).
        return conn.execute(stmt).scalar() is not None

    def create_session(
        self, conn: Connection, *, token_hash: str, archive_id: int, person: str, match_status: str, now: datetime
    ) -> None:
        """Store a new session under the hash of its token."""
        expires = now + self.absolute
        conn.execute(
            insert(h5_sessions).values(
                id_hash=token_hash,
                archive_id=archive_id,
                person=person,
                match_status=match_status,
                status="ACTIVE",
                created_at=now,
                last_seen_at=now,
                abs_expires_at=expires,
                rl_window=window_of(now),
                rl_count=0,
                binding_mac=self._cipher.binding_mac(token_hash, archive_id, person, expires),
            )
        )

    def touch_session(self, conn: Connection, token_hash: str, now: datetime) -> SessionInfo | None:
        """Validate a session, refresh its idle clock and count the request (one statement).

        Returns:
            The session, or None when it does not exist, was ended, has been idle for the idle
            time-out, or is past its absolute lifetime.
        """
        return self.touch_sessions(conn, [(token_hash, now)])[0]

    def touch_sessions(self, conn: Connection, touches: list[tuple[str, datetime]]) -> list[SessionInfo | None]:
        """:meth:`touch_session` for several requests, in order (one statement each, one cursor)."""
        idle = self.idle
        prepared = self._touch_prepared
        # Run on the driver connection of the caller's transaction (see app.h5.prepared): the
        # touch is the one statement per request left in a group-committed batch.
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            rows = [
                (h, prepared.first(cursor, {"h": h, "now": now, "cutoff": now - idle, "w": window_of(now)}))
                for h, now in touches
            ]
        finally:
            cursor.close()
        return [None if row is None else self._checked(token_hash, row) for token_hash, row in rows]

    def _checked(self, token_hash: str, row: Any) -> SessionInfo | None:
        expected = self._cipher.binding_mac(token_hash, row.archive_id, row.person, row.abs_expires_at)
        if not constant_time_equal(expected, row.binding_mac):
            log.error("session binding MAC mismatch: the h5_sessions row was changed outside the service")
            return None
        return SessionInfo(token_hash, row.archive_id, row.person, row.match_status, row.created_at, row.rl_count)

    def end_session(self, conn: Connection, token_hash: str) -> None:
        """Log a session out (server-side revocation)."""
        conn.execute(update(h5_sessions).where(h5_sessions.c.id_hash == token_hash).values(status="LOGGED_OUT"))

    def purge(self, conn: Connection, now: datetime) -> None:
        """Delete what can no longer matter: old windows, stale marks, dead sessions, used sim tokens."""
        conn.execute(delete(h5_rate).where(h5_rate.c.window < window_of(now) - 2))
        conn.execute(delete(h5_token_marks).where(h5_token_marks.c.expires_at < now))
        conn.execute(delete(h5_sessions).where(h5_sessions.c.abs_expires_at < now - timedelta(days=1)))
        conn.execute(delete(h5_sim_tokens).where(h5_sim_tokens.c.expires_at < now - timedelta(hours=1)))
