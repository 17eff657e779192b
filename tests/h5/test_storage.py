"""What is at rest: no plaintext certificate number or name in the database files, a verifiable audit chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.core.errors import InputError
from app.core.secrets import SecretStore
from app.h5 import db
from app.h5.runtime import open_runtime
from tests.h5.conftest import API, H5App, make_config
from tests.memkeyring import MemoryKeyring


def _files(db_file: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db_file, Path(f"{db_file}-wal")) if p.exists())


def test_database_files_hold_no_plaintext_certificate_number_or_name(h5: H5App) -> None:
    users = h5.users()
    # Use the service: sessions, feedback with a phone number, simulator tokens, audit records.
    for key in ("r00001", "r00003", "legacy-15", "no-archive"):
        h5.exchange(key)
    headers = h5.session("r00001")
    h5.client.post(
        f"{API}/me/feedback",
        json={
            "resourceType": "BASIC",
            "issueType": "WRONG_VALUE",
            "description": "血型记录有误",
            "contactPhone": "13912345678",
        },
        headers=headers,
    )
    raw = _files(h5.db_file)
    assert len(raw) > 100_000
    for u in users:
        number = u["certNo"].upper()
        for form in {number, number[:6] + number[8:17], number.lower()}:
            assert form.encode() not in raw, u["key"]
            assert form.encode("utf-16-le") not in raw
        assert u["name"].encode("utf-8") not in raw, u["key"]
    assert b"13912345678" not in raw and "血型记录有误".encode() not in raw
    # And the service still reads them: the columns are ciphertexts, not missing data.
    conn = sqlite3.connect(h5.db_file)
    try:
        blob = conn.execute("SELECT cert_cipher, cert_index FROM gw_archives LIMIT 1").fetchone()
    finally:
        conn.close()
    assert blob[0][0] == 1 and len(blob[0]) >= 1 + 12 + 16 + 18 and len(blob[1]) == 64


def test_audit_chain_verifies_and_detects_tampering(h5: H5App) -> None:
    headers = h5.session("r00001")
    for path in ("summary", "basic-info", "followups", "exams"):
        h5.client.get(f"{API}/me/{path}", headers=headers)
    h5.exchange("no-archive")
    audit, engine = h5.runtime.service.audit, h5.runtime.engine
    result = audit.verify(engine)
    assert result.ok and result.records >= 6
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT action, person, client FROM h5_audit")).all()
    assert {r.action for r in rows} >= {"EXCHANGE", "VIEW_SUMMARY", "VIEW_BASIC", "LIST_FOLLOWUP", "LIST_EXAM"}
    assert all(len(r.person) in (0, 32) and len(r.client) == 32 for r in rows)  # pseudonyms only

    with engine.begin() as conn:
        original = conn.execute(text("SELECT result FROM h5_audit WHERE seq = 2")).scalar_one()
        conn.execute(text("UPDATE h5_audit SET result = 'CHANGED' WHERE seq = 2"))
    changed = audit.verify(engine)
    assert not changed.ok and changed.first_bad_seq == 2
    with engine.begin() as conn:
        conn.execute(text("UPDATE h5_audit SET result = :r WHERE seq = 2"), {"r": original})
    assert audit.verify(engine).ok
    with engine.begin() as conn:
        last = conn.execute(text("SELECT MAX(seq) FROM h5_audit")).scalar_one()
        conn.execute(text("DELETE FROM h5_audit WHERE seq = :s"), {"s": last})
    truncated = audit.verify(engine)
    assert not truncated.ok


def test_audit_deletion_in_the_middle_is_detected(h5: H5App) -> None:
    headers = h5.session("r00001")
    for _ in range(3):
        h5.client.get(f"{API}/me/summary", headers=headers)
    engine = h5.runtime.engine
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM h5_audit WHERE seq = 2"))
    result = h5.runtime.service.audit.verify(engine)
    assert not result.ok and result.first_bad_seq == 2


def test_a_changed_session_binding_is_refused(h5: H5App) -> None:
    alice = h5.session("r00001")
    bob_archive = h5.runtime.service.archives.find_by_cert(
        h5.runtime.cipher.blind_index("RESIDENT_ID", h5.user("r00003")["certNo"])
    )[0].archive_id
    with h5.runtime.engine.begin() as conn:
        conn.execute(text("UPDATE h5_sessions SET archive_id = :a"), {"a": bob_archive})
    r = h5.client.get(f"{API}/me/summary", headers=alice)
    assert r.status_code == 401


def test_the_wrong_key_is_refused(h5: H5App, tmp_path: Path) -> None:
    from app.h5.keys import new_master_key, write_key_file

    other = tmp_path / "other.key"
    write_key_file(other, new_master_key())
    h5.runtime.close()
    with pytest.raises(InputError, match="密钥"):  # a real (non-demo) database is never rebuilt
        open_runtime(make_config(f"sqlite+pysqlite:///{h5.db_file}", other, demo=False), SecretStore(MemoryKeyring()))


def test_key_file_must_be_owner_only(tmp_path: Path) -> None:
    from app.h5.keys import new_master_key, read_key_file, write_key_file

    key = tmp_path / "k"
    write_key_file(key, new_master_key())
    assert (key.stat().st_mode & 0o777) == 0o600
    key.chmod(0o644)
    with pytest.raises(InputError, match="600"):
        read_key_file(key)
    with pytest.raises(InputError, match="不会覆盖"):
        write_key_file(key, new_master_key())


def test_the_archive_repository_is_read_only(h5: H5App) -> None:
    engine = h5.runtime.archive_engine
    with pytest.raises(Exception, match=r"readonly|read-only|read only|attempt to write"), engine.begin() as conn:
        conn.execute(text("DELETE FROM gw_archives"))


def test_migrations_are_at_head_and_own_their_version_table(h5: H5App) -> None:
    assert db.current_revision(h5.runtime.engine) == db.head_revision()
    with h5.runtime.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    assert "h5_alembic_version" in names and "alembic_version" not in names
    assert db.migrate(h5.runtime.engine) is False


def test_a_demo_database_under_another_key_is_rebuilt(tmp_path: Path) -> None:
    from app.h5.config import build_config
    from app.h5.keys import KEYRING_KEY, encode_key, new_master_key

    folder = tmp_path / "h5"
    config = build_config(
        {"demo": {"residents": 12}}, demo=True, db_url=None,
        default_db_url=f"sqlite+pysqlite:///{folder / 'h5-demo.sqlite3'}", demo_key_file=folder / "demo.key",
    )  # fmt: skip
    secrets = SecretStore(MemoryKeyring())
    open_runtime(config, secrets).close()
    secrets.set(KEYRING_KEY, encode_key(new_master_key()))  # the keyring now holds another key
    runtime = open_runtime(config, secrets)
    try:
        from app.h5.demo import demo_identities

        assert len(demo_identities(runtime.engine, runtime.cipher)) >= 12
    finally:
        runtime.close()


def test_the_demo_is_seeded_once_with_its_progress_and_reused_after(tmp_path: Path) -> None:
    from sqlalchemy import select

    from app.h5.config import build_config
    from app.h5.tables import gw_archives

    folder = tmp_path / "h5"

    def config(residents: int) -> Any:
        return build_config(
            {"demo": {"residents": residents}}, demo=True, db_url=None,
            default_db_url=f"sqlite+pysqlite:///{folder / 'h5-demo.sqlite3'}", demo_key_file=folder / "demo.key",
        )  # fmt: skip

    def open_demo(residents: int) -> tuple[list[tuple[int, int]], bytes]:
        calls: list[tuple[int, int]] = []
        runtime = open_runtime(config(residents), secrets, seed_progress=lambda *call: calls.append(call))
        try:
            with runtime.engine.connect() as conn:
                first = conn.execute(select(gw_archives.c.cert_cipher).order_by(gw_archives.c.id)).scalars().first()
        finally:
            runtime.close()
        assert isinstance(first, bytes)
        return calls, first

    secrets = SecretStore(MemoryKeyring())
    calls, first = open_demo(12)
    total = calls[0][1]  # the residents asked for, and those of the matching scenarios
    assert total >= 12 and calls == [(0, total), (total, total)]
    # Opened again with the same seed and size: nothing is written (the rows are the same ciphertexts).
    assert open_demo(12) == ([], first)
    # Another size is another demo: seeded again.
    assert open_demo(13)[0] == [(0, total + 1), (total + 1, total + 1)]
