"""Secrets only through the keyring; a visible, opt-in fallback when there is none."""

from __future__ import annotations

import logging

import pytest
from keyring.backends import fail

from app.core.errors import SecretStoreError
from app.core.secrets import SecretStore
from tests.memkeyring import MemoryKeyring


def test_roundtrip_through_the_keyring() -> None:
    backend = MemoryKeyring()
    secrets = SecretStore(backend)
    assert secrets.available and secrets.backend_warning() is None
    secrets.set("pg-password", "s3cret")
    assert secrets.get("pg-password") == "s3cret"
    assert ("wuzhou-workbench", "pg-password") in backend.store
    secrets.delete("pg-password")
    secrets.delete("pg-password")  # deleting twice is fine
    assert secrets.get("pg-password") is None


def test_default_backend_in_tests_is_in_memory() -> None:
    assert isinstance(SecretStore()._backend, MemoryKeyring)


def test_without_a_keyring_nothing_is_stored_until_the_user_agrees(caplog: pytest.LogCaptureFixture) -> None:
    secrets = SecretStore(fail.Keyring())
    assert not secrets.available
    assert "密钥环" in (secrets.backend_warning() or "")
    with pytest.raises(SecretStoreError):
        secrets.set("k", "v")
    with pytest.raises(SecretStoreError):
        secrets.get("k")
    with caplog.at_level(logging.DEBUG):
        secrets.allow_session_only_fallback()
        secrets.set("k", "very-secret-value")
    assert secrets.get("k") == "very-secret-value"
    assert "very-secret-value" not in caplog.text
    assert "内存" in secrets.backend_name
    # a fresh store (a new process) has forgotten it: session-only means session-only
    again = SecretStore(fail.Keyring())
    again.allow_session_only_fallback()
    assert again.get("k") is None


def test_db_password_comes_from_the_keyring(capsys, monkeypatch) -> None:
    import io

    from app.cli.main import main
    from app.store.credentials import db_secret_key, with_password

    url = "postgresql+psycopg://wb@db.example:5432/cases"
    monkeypatch.setattr("sys.stdin", io.StringIO("pa55word\n"))
    assert main(["--db", url, "secret", "set-db-password", "--stdin"]) == 0
    assert "pa55word" not in capsys.readouterr().out
    secrets = SecretStore()
    assert secrets.get(db_secret_key(url)) == "pa55word"
    assert "pa55word" in with_password(url, secrets)
    assert with_password("postgresql+psycopg://wb:given@db.example/cases", secrets).endswith(
        "wb:given@db.example/cases"
    )


def test_db_password_refused_without_keyring(capsys, monkeypatch) -> None:
    import keyring

    from app.cli.main import main

    keyring.set_keyring(fail.Keyring())
    assert main(["--db", "postgresql+psycopg://wb@h/db", "secret", "set-db-password", "--stdin"]) == 2
    assert "密钥环" in capsys.readouterr().err
