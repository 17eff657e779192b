"""The H5 service's use cases: token exchange, the resident's own records, consent, logout.

Security rules of issue 12, enforced here rather than in the routes:

* the person always comes from the session (resolved from the bearer token's hash), never from
  a parameter; references are sealed to their owner, so somebody else's reference and one that
  does not exist get the same 404;
* the 智桂通 token is marked used (shared database) *before* it is redeemed, so a reused token
  gets 401 ZGT_TOKEN_INVALID on every worker; it is never logged or stored (only its HMAC);
* sessions expire after 15 minutes idle and 2 hours absolute;
* rate limits per client address and per session are counted in the shared database;
* every exchange, view, feedback and logout is appended to the HMAC-SM3-chained audit log with
  pseudonyms only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from app.h5 import pages, views
from app.h5.access import AccessBatch, AccessRequest, AccessResult
from app.h5.archives import ArchiveRepository
from app.h5.audit import AuditEntry, AuditLog
from app.h5.batch import GroupCommit
from app.h5.clock import Clock
from app.h5.config import H5Config
from app.h5.crypto import FieldCipher, RefSealer
from app.h5.db import insert_ignore, transaction, writer
from app.h5.errors import H5Error
from app.h5.identity import CertNumberError, cert_types, normalize_id_number
from app.h5.matching import match
from app.h5.state import SessionInfo, StateStore, new_session_token, retry_after
from app.h5.tables import h5_consents
from app.h5.zgt import IdentityProvider, ZgtTokenInvalid, ZgtUnavailable

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
MATCHED = ("MATCHED", "MATCHED_FUZZY")


@dataclass(frozen=True)
class RequestContext:
    """Who is asking, as far as the network says (never the person: that is the session)."""

    client_ip: str
    request_id: str


class H5Service:
    """The use cases behind ``/api/h5/v1``.

    Args:
        config: The resolved configuration.
        engine: The H5 database (shared state; writer).
        archives: The read-only 公卫 repository.
        identity: The 智桂通 identity port (HTTP client or simulator).
        cipher: Field encryption, blind index, token hashes, pseudonyms.
        refs: Seals record references to their owner.
        audit: The chained access audit log.
        clock: The time source (a fake one in tests).
    """

    def __init__(
        self,
        *,
        config: H5Config,
        engine: Engine,
        archives: ArchiveRepository,
        identity: IdentityProvider,
        cipher: FieldCipher,
        refs: RefSealer,
        audit: AuditLog,
        clock: Clock,
    ) -> None:
        self.config = config
        self.engine = writer(engine)
        self.archives = archives
        self.identity = identity
        self.cipher = cipher
        self.refs = refs
        self.audit = audit
        self.clock = clock
        self.state = StateStore(
            self.engine,
            cipher,
            idle=timedelta(minutes=config.idle_minutes),
            absolute=timedelta(minutes=config.absolute_minutes),
        )
        access = AccessBatch(
            limits=config.limits, state=self.state, audit=audit, archives=archives,
            pseudonym=lambda ip: self.cipher.pseudonym("ip", ip),
        )  # fmt: skip
        self._writes: GroupCommit[AccessRequest, AccessResult] = GroupCommit(
            self.engine, access.write, finish=access.read
        )

    # ---------------------------------------------------------------- helpers

    def today(self) -> date:
        """Today in Wuzhou (ages, year filters)."""
        return self.clock.now().astimezone(SHANGHAI).date()

    def _client(self, ctx: RequestContext) -> str:
        return self.cipher.pseudonym("ip", ctx.client_ip)

    def _limited(self) -> H5Error:
        return H5Error("RATE_LIMITED", headers={"Retry-After": str(retry_after(self.clock.now()))})

    def record(self, ctx: RequestContext, entry: AuditEntry) -> None:
        """Append one audit record in its own transaction."""
        with transaction(self.engine) as conn:
            self.audit.append(conn, self.clock.now(), entry)

    def _audit(self, ctx: RequestContext, session: SessionInfo, action: str, result: str, resource: str = "") -> None:
        self.record(
            ctx,
            AuditEntry(
                action=action,
                result=result,
                session=session.token_hash[:32],
                person=session.person,
                resource=resource,
                client=self._client(ctx),
                request_id=ctx.request_id,
            ),
        )

    # ---------------------------------------------------------------- exchange

    def exchange(self, zgt_token: str, ctx: RequestContext) -> dict[str, Any]:
        """Exchange a 智桂通 token for a session of the matched archive.

        Raises:
            H5Error: RATE_LIMITED, ZGT_TOKEN_INVALID, UPSTREAM_UNAVAILABLE, CERT_TYPE_UNSUPPORTED,
                ARCHIVE_NOT_FOUND, ARCHIVE_INACTIVE, ARCHIVE_DUPLICATE or NAME_MISMATCH.
        """
        now = self.clock.now()
        client = self._client(ctx)
        token_hash = self.cipher.token_hash("zgt|" + zgt_token)
        with transaction(self.engine) as conn:
            hits = self.state.hit(conn, "xip", client, now)
            fresh = hits <= self.config.limits.exchange_per_ip_per_minute and self.state.mark_token(
                conn, token_hash, now
            )
        if hits > self.config.limits.exchange_per_ip_per_minute:
            raise self._limited()

        def fail(code: str, person: str = "", reason: str | None = None) -> H5Error:
            self.record(ctx, AuditEntry("EXCHANGE", reason or code, "", person, "", client, ctx.request_id))
            return H5Error(code, reason=reason)

        if not fresh:
            raise fail("ZGT_TOKEN_INVALID", reason="TOKEN_REUSED")
        try:
            user = self.identity.get_user_info_by_token(zgt_token, ctx.client_ip)
        except ZgtTokenInvalid:
            raise fail("ZGT_TOKEN_INVALID") from None
        except ZgtUnavailable:
            raise fail("UPSTREAM_UNAVAILABLE") from None
        del zgt_token  # never kept beyond the redemption
        cert_type = cert_types().lookup("ZGT", user.cert_type)
        if cert_type is None or not cert_type.supported:
            raise fail("CERT_TYPE_UNSUPPORTED")
        try:
            number = normalize_id_number(user.cert_no)
        except CertNumberError:
            raise fail("ARCHIVE_NOT_FOUND", reason="CERT_NO_INVALID") from None
        index = self.cipher.blind_index(cert_type.code, number)
        person = self.cipher.pseudonym("person", index)
        result = match(user.name, self.archives.find_by_cert(index), allow_fuzzy=self.config.allow_fuzzy_rare_chars)
        if result.status not in MATCHED or result.archive_id is None:
            raise fail(result.status, person)
        session_token = new_session_token()
        session_hash = self.cipher.token_hash("session|" + session_token)
        with transaction(self.engine) as conn:
            self.state.create_session(
                conn, token_hash=session_hash, archive_id=result.archive_id, person=person,
                match_status=result.status, now=now,
            )  # fmt: skip
            consented = conn.execute(
                select(h5_consents.c.person).where(
                    h5_consents.c.person == person, h5_consents.c.notice_version == self.config.notice_version
                )
            ).first()
            self.audit.append(
                conn, now, AuditEntry("EXCHANGE", result.status, session_hash[:32], person, "", client, ctx.request_id)
            )
        if result.status == "MATCHED_FUZZY":
            log.info("exchange matched with rare-character tolerance (person %s)", person[:8])
        return {
            "sessionToken": session_token,
            "expiresIn": self.config.idle_minutes * 60,
            "matchStatus": result.status,
            "needConsent": consented is None,
            "noticeVersion": self.config.notice_version,
            "profile": views.profile(user.name, number),
        }

    # ---------------------------------------------------------------- sessions

    def _auth_request(
        self,
        authorization: str | None,
        ctx: RequestContext,
        action: str | None,
        resource: str,
        read: Callable[[SessionInfo], Any] | None = None,
        read_many: Callable[[list[SessionInfo]], list[Any]] | None = None,
    ) -> AccessRequest:
        token = ""
        if authorization and authorization[:7].lower() == "bearer ":
            token = authorization[7:].strip()
        token_hash = self.cipher.token_hash("session|" + token) if 20 <= len(token) <= 100 else None
        now = self.clock.now()
        return AccessRequest(token_hash, ctx.client_ip, now, action, resource, ctx.request_id, read, read_many)

    def _checked(self, result: AccessResult) -> SessionInfo:
        ip_hits, session, _ = result
        limits = self.config.limits
        if ip_hits > limits.ip_per_minute:
            raise self._limited()
        if session is None:
            raise H5Error("SESSION_EXPIRED")
        if session.hits > limits.session_per_minute:
            raise self._limited()
        return session

    async def authenticate_async(
        self, authorization: str | None, ctx: RequestContext, *, action: str | None = None, resource: str = ""
    ) -> SessionInfo:
        """Resolve the session of a ``Bearer`` header, count the request, refresh the idle clock.

        The writes go to the group commit of :mod:`app.h5.batch` (see :mod:`app.h5.access`); the
        request awaits its transaction's commit without holding a thread.

        Args:
            authorization: The ``Authorization`` header.
            ctx: The request's address and trace id.
            action: When given, the access is audited in the same transaction (for views whose
                outcome is known once the session is: basic info, lists).
            resource: What the audited access concerns (e.g. the list's filters).

        Raises:
            H5Error: SESSION_EXPIRED (missing, unknown, ended, idle or too old) or RATE_LIMITED.
        """
        return self._checked(await self._writes.submit_async(self._auth_request(authorization, ctx, action, resource)))

    async def view(
        self,
        authorization: str | None,
        ctx: RequestContext,
        action: str,
        read: Callable[[SessionInfo], Any],
        read_many: Callable[[list[SessionInfo]], list[Any]] | None = None,
    ) -> Any:
        """Authenticate, audit ``action`` and run ``read`` for the session, in one trip to the writer.

        ``read`` (e.g. :meth:`summary`) runs in the writer thread right after the transaction that
        checked the session and appended the audit record committed, and only when the request
        was admitted: exactly what :meth:`authenticate_async` followed by ``read`` does, without a
        request thread. With ``read_many`` (e.g. :meth:`summaries`, the same read for a list of
        sessions), the admitted requests of a batch that share it are read in one call.

        Raises:
            H5Error: SESSION_EXPIRED, RATE_LIMITED, or what ``read`` raises.
        """
        request = self._auth_request(authorization, ctx, action, "", read, read_many)
        result = await self._writes.submit_async(request)
        self._checked(result)
        return result[2]

    def close(self) -> None:
        """Stop the writer thread (after writing what is queued)."""
        self._writes.close()

    def logout(self, session: SessionInfo, ctx: RequestContext) -> dict[str, bool]:
        """End the session on the server."""
        with transaction(self.engine) as conn:
            self.state.end_session(conn, session.token_hash)
            self.audit.append(
                conn,
                self.clock.now(),
                AuditEntry(
                    "LOGOUT", "OK", session.token_hash[:32], session.person, "", self._client(ctx), ctx.request_id
                ),
            )
        return {"ok": True}

    def consent(self, session: SessionInfo, notice_version: str, scope: str, ctx: RequestContext) -> dict[str, Any]:
        """Record that the resident agreed to the current privacy notice.

        Raises:
            H5Error: INVALID_FIELD when the notice version is not the current one.
        """
        if notice_version != self.config.notice_version:
            raise H5Error("INVALID_FIELD", field="noticeVersion", reason="NOTICE_OUTDATED")
        now = self.clock.now()
        with transaction(self.engine) as conn:
            conn.execute(
                insert_ignore(self.engine, h5_consents, ["person", "notice_version", "scope"]).values(
                    person=session.person, notice_version=notice_version, scope=scope, agreed_at=now
                )
            )
            self.audit.append(
                conn,
                now,
                AuditEntry(
                    "CONSENT",
                    scope,
                    session.token_hash[:32],
                    session.person,
                    notice_version,
                    self._client(ctx),
                    ctx.request_id,
                ),
            )
        return {"ok": True}

    def purge(self) -> None:
        """Delete expired shared state (called every minute by each worker)."""
        with transaction(self.engine) as conn:
            self.state.purge(conn, self.clock.now())

    # ---------------------------------------------------------------- the resident's records

    def _archive(self, session: SessionInfo) -> Any:
        archive = self.archives.archive(session.archive_id)
        if archive is None or archive.status != "ACTIVE":
            raise H5Error("SESSION_EXPIRED")  # the archive went away under a live session
        return archive

    def summary(self, session: SessionInfo) -> dict[str, Any]:
        """The 档案首页 (audited by :meth:`view` with ``VIEW_SUMMARY``).

        Raises:
            H5Error: SESSION_EXPIRED when the archive went away under a live session.
        """
        result = self.summaries([session])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def summaries(self, sessions: list[SessionInfo]) -> list[dict[str, Any] | Exception]:
        """:meth:`summary` for several sessions, read together; a failed one is its exception."""
        bundles = self.archives.summary_bundles([s.archive_id for s in sessions])
        today = self.today()
        out: list[dict[str, Any] | Exception] = []
        for session in sessions:
            bundle = bundles.get(session.archive_id)
            if bundle is None or bundle.head.status != "ACTIVE":
                out.append(H5Error("SESSION_EXPIRED"))  # the archive went away under a live session
                continue
            try:
                out.append(views.summary(bundle.head, bundle.followups, today))
            except Exception as exc:
                out.append(exc)
        return out

    def basic_info(self, session: SessionInfo) -> dict[str, Any]:
        """The 健康档案明细 (audited by :meth:`view` with ``VIEW_BASIC``)."""
        return views.basic_info(self._archive(session))

    def followups(
        self, session: SessionInfo, *, kind: str | None, year: int | None, cursor: str | None, size: int
    ) -> dict[str, Any]:
        """The follow-up list by type and year, newest first, in pages (audited as ``LIST_FOLLOWUP``)."""
        owner = session.archive_id
        after = pages.open_cursor(self.refs, owner, cursor)
        rows = self.archives.followups(owner, kind=kind, year=year, after=after, limit=size + 1)
        body = pages.page(
            self.refs, owner, rows, size,
            lambda f: views.followup_item(f, self.refs.seal("f", f.id, owner)), lambda f: (f.visit_date, f.id),
        )  # fmt: skip
        if after is None:
            body["facets"] = views.facets(self.archives.followup_facets(owner))
        return body

    def followup(self, session: SessionInfo, ref: str, ctx: RequestContext) -> dict[str, Any]:
        """One follow-up's form; somebody else's reference is the same 404 as a missing one."""
        rid = self.refs.open("f", ref, session.archive_id)
        row = self.archives.followup(session.archive_id, rid) if rid is not None else None
        if row is None:
            self._audit(ctx, session, "VIEW_FOLLOWUP", "RECORD_NOT_FOUND")
            raise H5Error("RECORD_NOT_FOUND")
        self._audit(ctx, session, "VIEW_FOLLOWUP", "OK", f"FOLLOWUP:{row.id}")
        return views.followup_detail(row, ref)

    def exams(self, session: SessionInfo, *, year: int | None, cursor: str | None, size: int) -> dict[str, Any]:
        """The exam list, newest first, in pages (audited as ``LIST_EXAM``)."""
        owner = session.archive_id
        after = pages.open_cursor(self.refs, owner, cursor)
        rows = self.archives.exams(owner, year=year, after=after, limit=size + 1)
        body = pages.page(
            self.refs, owner, rows, size,
            lambda e: views.exam_item(e, self.refs.seal("e", e.id, owner)), lambda e: (e.exam_date, e.id),
        )  # fmt: skip
        if after is None:
            body["facets"] = {"years": views.facets(self.archives.exam_facets(owner))["years"]}
        return body

    def exam(self, session: SessionInfo, ref: str, ctx: RequestContext) -> dict[str, Any]:
        """One exam's form; somebody else's reference is the same 404 as a missing one."""
        rid = self.refs.open("e", ref, session.archive_id)
        row = self.archives.exam(session.archive_id, rid) if rid is not None else None
        if row is None:
            self._audit(ctx, session, "VIEW_EXAM", "RECORD_NOT_FOUND")
            raise H5Error("RECORD_NOT_FOUND")
        self._audit(ctx, session, "VIEW_EXAM", "OK", f"EXAM:{row.id}")
        return views.exam_detail(row, ref)
