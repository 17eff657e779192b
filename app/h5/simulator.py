"""The built-in 智桂通 simulator (demo mode only): logins, single-use tokens, getUserInfoByToken.

``POST /sim/zgt/login`` stands in for the app's login: any identity may log in (also one with
no archive) and gets a UUID-shaped token that is **single-use and expires in 5 minutes**. The
tokens live in the shared database (``h5_sim_tokens``, the identity SM4-GCM-encrypted), so the
simulator works the same with ``--workers N``. :meth:`ZgtSimulator.get_user_info_by_token` is
the :class:`~app.h5.zgt.IdentityProvider` the service uses in demo mode; it spends the token in
one atomic ``UPDATE … RETURNING``.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from sqlalchemy import Engine, insert, update

from app.h5.clock import Clock
from app.h5.crypto import FieldCipher
from app.h5.db import transaction
from app.h5.tables import h5_sim_tokens
from app.h5.zgt import ZgtTokenInvalid, ZgtUser

TOKEN_TTL = timedelta(minutes=5)


class ZgtSimulator:
    """Issues and redeems simulated 智桂通 tokens.

    Args:
        engine: The H5 database (writer).
        cipher: Encrypts the identity behind a token.
        clock: The service clock (tests use a fake one).
    """

    def __init__(self, engine: Engine, cipher: FieldCipher, clock: Clock) -> None:
        self._engine = engine
        self._cipher = cipher
        self._clock = clock

    def login(self, user: ZgtUser, *, expired: bool = False) -> str:
        """Log ``user`` in and return a fresh token (already expired when ``expired``)."""
        token = str(uuid.uuid4())
        now = self._clock.now()
        identity = json.dumps(
            {"name": user.name, "certType": user.cert_type, "certNo": user.cert_no}, ensure_ascii=False
        )
        with transaction(self._engine) as conn:
            conn.execute(
                insert(h5_sim_tokens).values(
                    token_hash=self._cipher.token_hash("sim|" + token),
                    identity_cipher=self._cipher.encrypt(identity, "h5_sim_tokens.identity"),
                    expires_at=now - timedelta(seconds=1) if expired else now + TOKEN_TTL,
                    used_at=None,
                )
            )
        return token

    def get_user_info_by_token(self, token: str, client_ip: str | None = None) -> ZgtUser:
        """Redeem a token once (it is spent even when the exchange then fails to match)."""
        now = self._clock.now()
        t = h5_sim_tokens.c
        stmt = (
            update(h5_sim_tokens)
            .where(t.token_hash == self._cipher.token_hash("sim|" + token), t.used_at.is_(None), t.expires_at > now)
            .values(used_at=now)
            .returning(t.identity_cipher)
        )
        with transaction(self._engine) as conn:
            blob = conn.execute(stmt).scalar()
        if blob is None:
            raise ZgtTokenInvalid("unknown, used or expired")
        data = json.loads(self._cipher.decrypt(blob, "h5_sim_tokens.identity"))
        return ZgtUser(
            data["name"],
            data["certType"],
            data["certNo"],
            user_id="sim-" + self._cipher.pseudonym("zgt", data["certNo"])[:12],
        )
