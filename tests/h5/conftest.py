"""Fixtures of the H5 service tests: a seeded demo database (copied per test), a fake clock, a client."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.secrets import SecretStore
from app.h5.api import create_app
from app.h5.clock import FakeClock
from app.h5.config import H5Config, build_config
from app.h5.keys import new_master_key, write_key_file
from app.h5.runtime import H5Runtime, open_runtime
from app.h5.zgt import IdentityProvider
from tests.memkeyring import MemoryKeyring

RESIDENTS = 40
API = "/api/h5/v1"


def make_config(db_url: str, key_file: Path, *, demo: bool = True, **file_sections: Any) -> H5Config:
    """A demo config with a key file (worker processes and copies of the database share it)."""
    data: dict[str, Any] = {"keys": {"source": "file", "key_file": str(key_file)}, "demo": {"residents": RESIDENTS}}
    data.update(file_sections)
    return build_config(
        data, demo=demo, db_url=db_url, default_db_url="", demo_key_file=key_file.parent / "unused.key",
        check_upstream=demo,
    )  # fmt: skip


@pytest.fixture(scope="session")
def h5_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded demo database and its key file, built once per test session."""
    folder = tmp_path_factory.mktemp("h5-template")
    key = folder / "master.key"
    write_key_file(key, new_master_key())
    runtime = open_runtime(
        make_config(f"sqlite+pysqlite:///{folder / 'h5.sqlite3'}", key), SecretStore(MemoryKeyring())
    )
    runtime.close()
    return folder


@dataclass
class H5App:
    """One test's service: the runtime, a client, the fake clock, the database file."""

    runtime: H5Runtime
    client: TestClient
    clock: FakeClock
    db_file: Path
    key_file: Path

    def users(self) -> list[dict[str, str]]:
        """The simulator's identities."""
        return self.client.get("/sim/zgt/users").json()["items"]

    def user(self, key: str) -> dict[str, str]:
        """One identity by its key (``r00001``, ``no-archive`` …)."""
        return next(u for u in self.users() if u["key"] == key)

    def zgt_token(self, key: str = "r00001", **extra: Any) -> str:
        """Log in to the simulator as one identity."""
        u = self.user(key)
        body = {"name": u["name"], "certType": u["certType"], "certNo": u["certNo"], **extra}
        r = self.client.post("/sim/zgt/login", json=body)
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def exchange(self, key: str = "r00001") -> Any:
        """The exchange response for a fresh token of ``key``."""
        return self.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": self.zgt_token(key)})

    def session(self, key: str = "r00001") -> dict[str, str]:
        """Authorization headers of a fresh session."""
        r = self.exchange(key)
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['sessionToken']}"}


def open_app(
    folder: Path,
    template: Path,
    *,
    identity: IdentityProvider | None = None,
    demo: bool = True,
    **sections: Any,
) -> H5App:
    """Copy the template database into ``folder`` and open a service on it."""
    folder.mkdir(parents=True, exist_ok=True)
    db_file = folder / "h5.sqlite3"
    shutil.copyfile(template / "h5.sqlite3", db_file)
    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    config = make_config(f"sqlite+pysqlite:///{db_file}", template / "master.key", demo=demo, **sections)
    runtime = open_runtime(config, SecretStore(MemoryKeyring()), clock=clock, identity=identity)
    client = TestClient(create_app(runtime, purge=False))
    return H5App(runtime, client, clock, db_file, template / "master.key")


@pytest.fixture
def h5(tmp_path: Path, h5_template: Path) -> Iterator[H5App]:
    """A demo service on a private copy of the seeded database."""
    app = open_app(tmp_path / "h5", h5_template)
    try:
        yield app
    finally:
        app.client.close()
        app.runtime.close()
