"""The 智桂通 identity port: ``getUserInfoByToken`` behind an interface, and its HTTP client.

The page gets a token from the 智桂通 JS SDK (``UserPlugin.login``); the service exchanges it
server-side for the verified name, certificate type and number. Two implementations of
:class:`IdentityProvider`: :class:`HttpZgtClient` (here) for the real platform, and the
built-in simulator (:mod:`app.h5.simulator`, demo mode only).

The platform's Java SDK is not public (h5-health-records.md §1.4), so the HTTP client speaks a
small documented contract, ``zgt-userinfo/1`` (docs/h5-api.md §6): a POST with the app id, the
token, a timestamp, a nonce and an HMAC-SM3 signature under the app secret, which lives in the
OS keyring. A deployment puts the vendor's SDK behind that contract (a few lines of Java) or
adapts this client once the platform documents its REST form.

Failure handling: a failed connection (nothing sent yet) is retried once; a time-out, a 5xx or an unreadable answer
is :class:`ZgtUnavailable` (503 UPSTREAM_UNAVAILABLE); a refused token is
:class:`ZgtTokenInvalid` (401 ZGT_TOKEN_INVALID). The token is never logged.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import httpx

from app.h5.crypto import hmac_sm3

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ZgtUser:
    """What 智桂通 says about the logged-in user (verified real-name identity)."""

    name: str
    cert_type: str
    cert_no: str
    user_id: str = ""


class ZgtTokenInvalid(Exception):
    """智桂通 refused the token (expired, used, unknown)."""


class ZgtUnavailable(Exception):
    """智桂通 could not be asked (time-out, network, 5xx, garbage)."""


class IdentityProvider(Protocol):
    """The ``getUserInfoByToken`` port."""

    def get_user_info_by_token(self, token: str, client_ip: str | None = None) -> ZgtUser:
        """Exchange a token for the user's identity.

        Raises:
            ZgtTokenInvalid: The token is not (or no longer) valid.
            ZgtUnavailable: The platform did not answer usefully.
        """


def sign(secret: str, app_id: str, timestamp: str, nonce: str, token: str) -> str:
    """The request signature of ``zgt-userinfo/1``: hex HMAC-SM3 over the newline-joined fields."""
    return hmac_sm3(secret.encode("utf-8"), "\n".join((app_id, timestamp, nonce, token)).encode("utf-8")).hex()


class HttpZgtClient:
    """:class:`IdentityProvider` over HTTP (``zgt-userinfo/1``).

    Args:
        url: The endpoint, e.g. ``https://zgt-gateway.example/getUserInfoByToken``.
        app_id: The app id registered with 智桂通.
        secret: Returns the app secret (read from the OS keyring, never a file).
        timeout: Seconds per attempt (connect and read).
        transport: An httpx transport (tests).
    """

    def __init__(
        self,
        url: str,
        app_id: str,
        secret: Callable[[], str],
        *,
        timeout: float = 3.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._url = url
        self._app_id = app_id
        self._secret = secret
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), transport=transport, follow_redirects=False)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get_user_info_by_token(self, token: str, client_ip: str | None = None) -> ZgtUser:
        """Ask 智桂通 who ``token`` belongs to (one retry when the connection could not be made)."""
        timestamp = str(int(time.time() * 1000))
        nonce = secrets.token_hex(8)
        body = {
            "appId": self._app_id,
            "token": token,
            "timestamp": timestamp,
            "nonce": nonce,
            "sign": sign(self._secret(), self._app_id, timestamp, nonce, token),
        }
        if client_ip:
            body["clientIp"] = client_ip
        response = None
        for attempt in (1, 2):
            try:
                response = self._client.post(self._url, json=body)
                break
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # Nothing reached 智桂通 yet, so the single-use token is still unspent: retry once.
                log.warning("智桂通 getUserInfoByToken: no connection (attempt %d): %s", attempt, type(exc).__name__)
                if attempt == 2:
                    raise ZgtUnavailable("network") from exc
            except httpx.TimeoutException as exc:
                log.warning("智桂通 getUserInfoByToken timed out")
                raise ZgtUnavailable("time-out") from exc
            except httpx.TransportError as exc:
                log.warning("智桂通 getUserInfoByToken network error: %s", type(exc).__name__)
                raise ZgtUnavailable("network") from exc
        assert response is not None
        return self._parse(response)

    @staticmethod
    def _parse(response: httpx.Response) -> ZgtUser:
        if response.status_code >= 500:
            log.warning("智桂通 getUserInfoByToken answered HTTP %d", response.status_code)
            raise ZgtUnavailable(f"http {response.status_code}")
        if response.status_code in (400, 401, 403, 404, 410):
            raise ZgtTokenInvalid(f"http {response.status_code}")
        if response.status_code != 200:
            raise ZgtUnavailable(f"http {response.status_code}")
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ZgtUnavailable("unreadable answer") from exc
        if not isinstance(data, dict):
            raise ZgtUnavailable("unreadable answer")
        if str(data.get("code")) != "0":
            raise ZgtTokenInvalid(str(data.get("code")))
        user = data.get("data")
        if not isinstance(user, dict):
            raise ZgtUnavailable("no user in answer")
        fields = [user.get(k) for k in ("name", "certType", "certNo")]
        if not all(isinstance(v, str) and v.strip() for v in fields):
            raise ZgtUnavailable("incomplete user in answer")
        return ZgtUser(str(fields[0]), str(fields[1]), str(fields[2]), str(user.get("userId") or ""))
