"""The access audit log: every exchange, view, feedback and logout, chained with HMAC-SM3.

Each record stores **pseudonyms, not identities** (keyed HMAC-SM3 of the archive, the session
and the client address; never a name, certificate number or token) and
``mac = HMAC-SM3(audit key, prev_mac ‖ canonical record)``. The head row (``h5_audit_head``)
holds the newest sequence number and MAC and is locked by each append, so the chain is one
sequence across all workers. :func:`verify` recomputes the chain: a changed, removed, reordered
or appended record, or a truncated tail, breaks it (DC-5 / AD-7 storage integrity).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from app.h5.crypto import H5Keys, HmacSm3, constant_time_equal
from app.h5.prepared import Prepared
from app.h5.tables import h5_audit, h5_audit_head

GENESIS = "0" * 64
INSERT_ROWS = 16
"""The most audit records written by one INSERT statement."""


@dataclass(frozen=True)
class AuditEntry:
    """What one audit record says (all identifying values already pseudonymised)."""

    action: str
    result: str
    session: str = ""
    person: str = ""
    resource: str = ""
    client: str = ""
    request_id: str = ""


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of :func:`verify`."""

    ok: bool
    records: int
    first_bad_seq: int | None = None
    reason: str = ""


def _canonical(seq: int, at: datetime, e: AuditEntry) -> bytes:
    fields = (str(seq), at.isoformat(timespec="microseconds"), e.action, e.result, e.session, e.person, e.resource)
    return "\x1f".join((*fields, e.client, e.request_id)).encode("utf-8")


def _mac(key: HmacSm3, prev: str, seq: int, at: datetime, e: AuditEntry) -> str:
    return key.digest(prev.encode("ascii") + b"\x1e" + _canonical(seq, at, e)).hex()


class AuditLog:
    """Appends chained records inside the caller's transaction.

    Args:
        keys: The derived keys (the ``audit`` key MACs the chain).
    """

    def __init__(self, keys: H5Keys) -> None:
        self._key = HmacSm3(keys.audit)
        self._prepared: dict[str, tuple[Prepared, Prepared]] = {}
        self._inserts: dict[tuple[str, int], tuple[Prepared, list[str]]] = {}

    _HEAD = select(h5_audit_head.c.seq, h5_audit_head.c.mac).where(h5_audit_head.c.id == 1).with_for_update()
    _MOVE = (
        update(h5_audit_head)
        .where(h5_audit_head.c.id == 1)
        .values(seq=bindparam("s", type_=h5_audit_head.c.seq.type), mac=bindparam("m", type_=h5_audit_head.c.mac.type))
    )

    def _insert_rows(self, engine: Engine, n: int) -> tuple[Prepared, list[str]]:
        """The INSERT of ``n`` records in one statement, and its parameter names in column order.

        Prepared once per dialect and size. Typed parameters: the prepared form converts them as
        SQLAlchemy would (aware timestamps).
        """
        key = (engine.dialect.name, n)
        cached = self._inserts.get(key)
        if cached is None:
            rows = [{c.name: bindparam(f"{c.name}_{i}", type_=c.type) for c in h5_audit.columns} for i in range(n)]
            names = [f"{c.name}_{i}" for i in range(n) for c in h5_audit.columns]
            cached = self._inserts[key] = (Prepared(engine, insert(h5_audit).values(rows)), names)
        return cached

    def append(self, conn: Connection, at: datetime, entry: AuditEntry) -> int:
        """Append one record after the current head; returns its sequence number."""
        return self.append_many(conn, [(at, entry)])[-1]

    def _statements(self, conn: Connection) -> tuple[Prepared, Prepared]:
        engine = conn.engine
        cached = self._prepared.get(engine.dialect.name)
        if cached is None:
            cached = (Prepared(engine, self._HEAD), Prepared(engine, self._MOVE))
            self._prepared[engine.dialect.name] = cached
        return cached

    def append_many(self, conn: Connection, records: list[tuple[datetime, AuditEntry]]) -> list[int]:
        """Append records in order after the current head (one locked head read, one head move).

        The statements run on the driver connection of the caller's transaction (see
        :mod:`app.h5.prepared`): this is the per-batch part of every ``me/*`` view.

        Returns:
            Their sequence numbers.
        """
        if not records:
            return []
        head_stmt, move_stmt = self._statements(conn)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            return self._append(conn, cursor, head_stmt, move_stmt, records)
        finally:
            cursor.close()

    def _append(
        self,
        conn: Connection,
        cursor: Any,
        head_stmt: Prepared,
        move_stmt: Prepared,
        records: list[tuple[datetime, AuditEntry]],
    ) -> list[int]:
        head = head_stmt.first(cursor, {})
        prev_seq, prev_mac = (0, GENESIS) if head is None else (int(head.seq), str(head.mac))
        rows: list[tuple[object, ...]] = []  # in the column order of h5_audit
        seqs: list[int] = []
        for at, entry in records:
            seq = prev_seq + 1
            mac = _mac(self._key, prev_mac, seq, at, entry)
            rows.append(
                (seq, at, entry.action, entry.result, entry.session, entry.person, entry.resource, entry.client,
                 entry.request_id[:64], prev_mac, mac)
            )  # fmt: skip
            seqs.append(seq)
            prev_seq, prev_mac = seq, mac
        # A statement per INSERT_ROWS records, not one per record: the driver releases and retakes
        # the interpreter lock around every statement it steps, and under load the event loop
        # thread takes it each time, so fewer statements mean fewer hand-overs between threads.
        for start in range(0, len(rows), INSERT_ROWS):
            chunk = rows[start : start + INSERT_ROWS]
            statement, names = self._insert_rows(conn.engine, len(chunk))
            statement.many(cursor, [dict(zip(names, chain.from_iterable(chunk), strict=True))])
        if head is None:
            conn.execute(insert(h5_audit_head).values(id=1, seq=prev_seq, mac=prev_mac))
        else:
            move_stmt.many(cursor, [{"s": prev_seq, "m": prev_mac}])
        return seqs

    def verify(self, engine: Engine, *, chunk: int = 5000) -> VerifyResult:
        """Recompute the whole chain and compare it with the head."""
        prev, expected, count = GENESIS, 1, 0
        with engine.connect() as conn:
            last = 0
            while True:
                rows = conn.execute(
                    select(h5_audit).where(h5_audit.c.seq > last).order_by(h5_audit.c.seq).limit(chunk)
                ).all()
                if not rows:
                    break
                for r in rows:
                    if r.seq != expected:
                        return VerifyResult(False, count, expected, f"第 {expected} 条记录缺失")
                    entry = AuditEntry(r.action, r.result, r.session, r.person, r.resource, r.client, r.request_id)
                    mac = _mac(self._key, prev, r.seq, r.at, entry)
                    if r.prev_mac != prev or not constant_time_equal(mac, r.mac):
                        return VerifyResult(False, count, r.seq, f"第 {r.seq} 条记录被改动")
                    prev, expected, count, last = r.mac, expected + 1, count + 1, r.seq
            head = conn.execute(select(h5_audit_head.c.seq, h5_audit_head.c.mac).where(h5_audit_head.c.id == 1)).first()
        if head is None:
            return VerifyResult(count == 0, count, 1 if count else None, "" if count == 0 else "链头缺失")
        if head.seq != count or not constant_time_equal(str(head.mac), prev):
            return VerifyResult(False, count, count + 1, "链尾被截断或链头被改动")
        return VerifyResult(True, count)
