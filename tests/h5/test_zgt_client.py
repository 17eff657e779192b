"""The 智桂通 HTTP client against a fake upstream of our own on loopback: success, refusals, time-outs, 5xx."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.core.secrets import SecretStore
from app.h5.api import create_app
from app.h5.config import ZGT_SECRET_KEY
from app.h5.runtime import open_runtime
from app.h5.zgt import HttpZgtClient, ZgtTokenInvalid, ZgtUnavailable, sign
from tests.h5.conftest import API, make_config
from tests.memkeyring import MemoryKeyring

SECRET = "s3cret-app-key"
APP_ID = "wz-h5-test"


class FakeZgt:
    """A loopback stand-in for 智桂通's getUserInfoByToken (checks the HMAC-SM3 signature)."""

    def __init__(self) -> None:
        self.users: dict[str, dict[str, str]] = {}
        self.requests: list[dict[str, object]] = []
        self.mode = "normal"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                if fake.mode == "slow":
                    time.sleep(1.5)
                if fake.mode == "e502":
                    return self._send(502, b"bad gateway")
                if fake.mode == "garbage":
                    return self._send(200, b"<html>maintenance</html>")
                expected = sign(SECRET, body["appId"], body["timestamp"], body["nonce"], body["token"])
                if body["appId"] != APP_ID or body["sign"] != expected:
                    return self._json({"code": "SIGN_INVALID", "message": "签名错误"})
                user = fake.users.pop(str(body["token"]), None)  # single use upstream too
                if user is None:
                    return self._json({"code": "TOKEN_INVALID", "message": "令牌无效"})
                return self._json({"code": "0", "data": user})

            def _json(self, data: dict[str, object]) -> None:
                self._send(200, json.dumps(data, ensure_ascii=False).encode())

            def _send(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/getUserInfoByToken"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def issue(self, name: str, cert_type: str, cert_no: str) -> str:
        token = f"tok-{len(self.users)}-{time.monotonic_ns()}"
        self.users[token] = {"userId": "u1", "name": name, "certType": cert_type, "certNo": cert_no}
        return token


@pytest.fixture
def fake() -> Iterator[FakeZgt]:
    f = FakeZgt()
    f.thread.start()
    try:
        yield f
    finally:
        f.server.shutdown()
        f.server.server_close()


def client(url: str, secret: str = SECRET, timeout: float = 0.5) -> HttpZgtClient:
    return HttpZgtClient(url, APP_ID, lambda: secret, timeout=timeout)


def test_success_is_signed_and_parsed(fake: FakeZgt) -> None:
    token = fake.issue("张三", "111", "45040319800101123X")
    c = client(fake.url)
    try:
        user = c.get_user_info_by_token(token, "10.1.2.3")
        assert (user.name, user.cert_type, user.cert_no, user.user_id) == ("张三", "111", "45040319800101123X", "u1")
        sent = fake.requests[-1]
        assert sent["appId"] == APP_ID and sent["clientIp"] == "10.1.2.3" and SECRET not in json.dumps(sent)
        with pytest.raises(ZgtTokenInvalid):
            c.get_user_info_by_token(token)  # spent upstream
    finally:
        c.close()


def test_wrong_secret_is_a_refusal(fake: FakeZgt) -> None:
    token = fake.issue("张三", "111", "45040319800101123X")
    c = client(fake.url, secret="wrong")
    with pytest.raises(ZgtTokenInvalid):
        c.get_user_info_by_token(token)
    c.close()


@pytest.mark.parametrize("mode", ["e502", "garbage"])
def test_5xx_and_garbage_are_unavailable(fake: FakeZgt, mode: str) -> None:
    fake.mode = mode
    c = client(fake.url)
    with pytest.raises(ZgtUnavailable):
        c.get_user_info_by_token("t")
    c.close()


def test_time_out_is_unavailable_and_not_retried(fake: FakeZgt) -> None:
    fake.mode = "slow"
    c = client(fake.url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(ZgtUnavailable):
        c.get_user_info_by_token("t")
    assert time.monotonic() - started < 1.2 and len(fake.requests) == 1
    c.close()


def test_refused_connection_is_retried_once_then_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    c = client(f"http://127.0.0.1:{port}/x")
    with pytest.raises(ZgtUnavailable):
        c.get_user_info_by_token("t")
    c.close()


def _service(tmp_path: Path, template: Path, url: str, secrets: SecretStore):
    import shutil

    db_file = tmp_path / "h5.sqlite3"
    shutil.copyfile(template / "h5.sqlite3", db_file)
    config = make_config(
        f"sqlite+pysqlite:///{db_file}", template / "master.key", demo=False,
        zgt={"mode": "http", "url": url, "app_id": APP_ID, "timeout_seconds": 0.5},
    )  # fmt: skip
    return open_runtime(config, secrets)


def test_production_mode_exchanges_through_the_http_client(fake: FakeZgt, tmp_path: Path, h5_template: Path) -> None:
    from fastapi.testclient import TestClient

    secrets = SecretStore(MemoryKeyring())
    secrets.set(ZGT_SECRET_KEY, SECRET)  # the app secret lives in the keyring only
    runtime = _service(tmp_path, h5_template, fake.url, secrets)
    try:
        demo = open_runtime_users(h5_template)
        tc = TestClient(create_app(runtime, purge=False))
        token = fake.issue(demo["name"], "111", demo["certNo"])
        r = tc.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token})
        assert r.status_code == 200 and r.json()["matchStatus"] == "MATCHED"
        again = tc.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token})
        assert again.status_code == 401 and again.json()["code"] == "ZGT_TOKEN_INVALID"
        fake.mode = "e502"
        down = tc.post(f"{API}/auth/zgt/exchange", json={"zgtToken": fake.issue("张三", "111", demo["certNo"])})
        assert down.status_code == 503 and down.json()["code"] == "UPSTREAM_UNAVAILABLE"
        # Outside demo mode the simulator does not exist, and the page loads the real SDK.
        assert tc.get("/sim/zgt/users").status_code == 404
        assert tc.post("/sim/zgt/login", json={"name": "x", "certType": "111", "certNo": "1"}).status_code == 404
        assert tc.get("/sim/zgt/shim.js").status_code == 404
        page = tc.get("/")
        assert (
            "transferPlatformTool.min.js" in page.text
            and "https://zgtapp.zwfw.gxzf.gov.cn" in page.headers["content-security-policy"]
        )
        tc.close()
    finally:
        runtime.close()


def test_production_mode_needs_the_secret_in_the_keyring(fake: FakeZgt, tmp_path: Path, h5_template: Path) -> None:
    from app.core.errors import InputError

    with pytest.raises(InputError, match="set-zgt-secret"):
        _service(tmp_path, h5_template, fake.url, SecretStore(MemoryKeyring()))


def open_runtime_users(template: Path) -> dict[str, str]:
    """The first demo identity of the template database."""
    from app.h5.crypto import FieldCipher, H5Keys
    from app.h5.db import make_engine
    from app.h5.demo import demo_identities
    from app.h5.keys import read_key_file

    engine = make_engine(f"sqlite+pysqlite:///{template / 'h5.sqlite3'}", read_only=True)
    try:
        people = demo_identities(engine, FieldCipher(H5Keys.derive(read_key_file(template / "master.key"))))
    finally:
        engine.dispose()
    first = people[0]
    return {"name": first.name, "certNo": first.cert_no}
