"""Case packages: exact round trips (plain and encrypted), identity and conflicts, all-or-nothing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from app.mipin.cases import export_case, list_cases
from app.mipin.evidence import records as evidence
from app.mipin.evidence.records import stored_path as evidence_path
from app.mipin.packages import (
    CaseExistsError,
    PackageError,
    cipher_supported,
    crypto,
    export_package,
    import_package,
    layout,
    open_package,
)
from app.mipin.packages import errors as e
from app.mipin.packages.extras import collect_extras
from app.store import audit
from app.store.store import Store
from tests.safety.helpers import read_members, snapshot

FAST_N = crypto.MIN_SCRYPT_N
PASS = "梧州-密评-2026!"


def _extras(store: Store, case_id: int) -> dict:
    with store.read() as s:
        data = collect_extras(s, case_id)
    data.pop("updated_at")
    return data


def test_plain_round_trip_is_exact(store, other_store, rich_case, tmp_path) -> None:
    out = tmp_path / "case.wbcase"
    result = export_package(store, rich_case, out)
    assert result.evidence_files == 2 and not result.encrypted
    assert zipfile.is_zipfile(out)
    imported = import_package(other_store, out)
    assert imported.mode == "new" and imported.evidence_files_added == 2
    assert export_case(other_store, imported.case_id) == export_case(store, rich_case)
    assert _extras(other_store, imported.case_id) == _extras(store, rich_case)
    for ev in _extras(store, rich_case)["evidence"]:
        stored = evidence_path(other_store.paths, ev["sha256"])
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == ev["sha256"]
    assert audit.verify(other_store, imported.case_id).ok
    assert [r.action for r in audit.records(other_store, imported.case_id)] == ["import_package"]
    assert audit.records(store, rich_case)[-1].action == "export_package"


def test_package_members_and_manifest(store, rich_case, tmp_path) -> None:
    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out)
    members = read_members(out)
    evidence = sorted(n for n in members if n.startswith("evidence/"))
    assert set(members) == {"manifest.json", "case.json", "extras.json", "audit.json", *evidence}
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "wbcase/1"
    listed = {m["path"]: m for m in manifest["members"]}
    assert set(listed) == set(members) - {"manifest.json"}
    for name, m in listed.items():
        assert m["sha256"] == hashlib.sha256(members[name]).hexdigest() and m["size"] == len(members[name])
    assert json.loads(members["case.json"])["format"] == "mipin-case/1"
    extras = json.loads(members["extras.json"])
    assert extras["phases"]["测评准备"] == ["2026-09-01", "2026-09-05"]
    assert {"name": "尚未分配的服务器", "kind": "服务器", "note": "下周测评"} in extras["objects"]
    assert extras["checklists"] == {"PE-1": [0, 2]}
    assert extras["risk_decisions"][0]["decided_at"]
    with zipfile.ZipFile(out) as zf:
        assert zf.comment.startswith(b"wbcase-sha256:")
        assert all(zf.getinfo(n).compress_type == zipfile.ZIP_STORED for n in evidence)


@pytest.mark.parametrize("cipher", ["SM4-GCM", "AES-256-GCM"])
def test_encrypted_round_trip(store, other_store, rich_case, tmp_path, cipher) -> None:
    if not cipher_supported(cipher):
        pytest.skip(f"{cipher} not supported by this cryptography build")
    out = tmp_path / "case.wbcase"
    result = export_package(store, rich_case, out, passphrase=PASS, cipher=cipher, scrypt_n=FAST_N)
    assert result.encrypted and result.cipher == cipher
    raw = out.read_bytes()
    assert raw.startswith(crypto.MAGIC) and b"PK\x03\x04" not in raw
    for secret in ("梧州市全民健康信息平台", "机房电子门禁系统", "manifest.json"):
        assert secret.encode() not in raw
    with out.open("rb") as f:
        header = json.loads(crypto.read_header(f).raw[12:])
    assert header["cipher"] == cipher and header["kdf"]["name"] == "scrypt" and PASS not in json.dumps(header)
    imported = import_package(other_store, out, PASS)
    assert export_case(other_store, imported.case_id) == export_case(store, rich_case)
    assert _extras(other_store, imported.case_id) == _extras(store, rich_case)


def test_default_cipher_prefers_sm4_when_available() -> None:
    assert crypto.default_cipher() == ("SM4-GCM" if cipher_supported("SM4-GCM") else "AES-256-GCM")


def test_encryption_is_streamed_in_authenticated_chunks() -> None:
    data = bytes(range(256)) * 40  # 10 KiB → three 4 KiB chunks, the last one short
    sealed = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(data), sealed, PASS, scrypt_n=FAST_N, chunk_size=4096)
    blob = sealed.getvalue()
    plain = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(blob), plain, PASS)
    assert plain.getvalue() == data
    header_len = 12 + int.from_bytes(blob[8:12], "big")
    chunk = 4096 + 16
    body = blob[header_len:]
    assert len(body) == 2 * chunk + (len(data) - 8192) + 16
    cases = {
        "truncated at a chunk boundary": blob[: header_len + 2 * chunk],
        "last chunk dropped and earlier chunk swapped": blob[:header_len] + body[chunk : 2 * chunk] + body[:chunk],
        "byte appended": blob + b"\0",
        "chunk duplicated": blob[:header_len] + body[:chunk] + body[:chunk] + body[chunk:],
    }
    for label, tampered in cases.items():
        with pytest.raises(PackageError) as info:
            crypto.decrypt_stream(io.BytesIO(tampered), io.BytesIO(), PASS)
        assert info.value.kind == e.CHANGED, label


def test_empty_plaintext_round_trips() -> None:
    sealed = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(b""), sealed, PASS, scrypt_n=FAST_N)
    out = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(sealed.getvalue()), out, PASS)
    assert out.getvalue() == b""


def test_wrong_or_missing_passphrase(store, other_store, rich_case, tmp_path) -> None:
    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out, passphrase=PASS, scrypt_n=FAST_N)
    before = snapshot(other_store)
    with pytest.raises(PackageError) as info:
        import_package(other_store, out, "not the passphrase")
    assert info.value.kind == e.WRONG_PASSPHRASE and "口令错误" in str(info.value)
    with pytest.raises(PackageError) as info:
        import_package(other_store, out)
    assert info.value.kind == e.PASSPHRASE_REQUIRED
    assert snapshot(other_store) == before


def test_short_passphrase_is_refused_and_nothing_written(store, rich_case, tmp_path) -> None:
    out = tmp_path / "case.wbcase"
    with pytest.raises(PackageError, match="至少"):
        export_package(store, rich_case, out, passphrase="short")
    assert not out.exists()


# ---------------------------------------------------------------------- identity and conflicts


def test_reimport_asks_then_copies(store, rich_case, tmp_path) -> None:
    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out)
    before = snapshot(store)
    with pytest.raises(CaseExistsError) as info:
        import_package(store, out)
    assert info.value.existing_id == rich_case and info.value.matched_by == "uuid"
    assert snapshot(store) == before
    copy = import_package(store, out, on_conflict="copy")
    assert copy.mode == "copy" and copy.case_id != rich_case
    assert copy.system_name.endswith("（副本）")
    original, duplicate = export_case(store, rich_case), export_case(store, copy.case_id)
    assert duplicate["units"] == original["units"]
    # the copy is a case of its own: exporting and re-importing it matches the copy, not the original
    again = tmp_path / "copy.wbcase"
    export_package(store, copy.case_id, again)
    with pytest.raises(CaseExistsError) as info:
        import_package(store, again)
    assert info.value.existing_id == copy.case_id


def test_replace_backs_up_first_and_keeps_the_id_and_the_audit_chain(store, rich_case, tmp_path) -> None:
    from app.mipin.casework.editor import CaseEditor
    from app.mipin.casework.edits import SetUnitRecord

    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out)
    exported = export_case(store, rich_case)
    CaseEditor(store).apply(rich_case, SetUnitRecord("PE-1", "导出之后才写的记录"))
    records_before = len(audit.records(store, rich_case))
    result = import_package(store, out, on_conflict="replace")
    assert result.mode == "replace" and result.case_id == rich_case
    assert result.backup is not None and result.backup.exists() and "before-replace" in result.backup.name
    assert export_case(store, rich_case) == exported
    assert len(list_cases(store)) == 1
    trail = audit.records(store, rich_case)
    assert len(trail) == records_before + 1 and trail[-1].action == "import_package"
    assert audit.verify(store, rich_case).ok


def test_same_system_and_report_number_counts_as_the_same_case(store, other_store, tmp_path) -> None:
    from app.mipin.cases import import_case
    from tests.safety.helpers import demo_case_data

    mine = import_case(store, demo_case_data())
    theirs = import_case(other_store, demo_case_data())
    out = tmp_path / "theirs.wbcase"
    export_package(other_store, theirs, out)
    with pytest.raises(CaseExistsError) as info:
        import_package(store, out)
    assert info.value.existing_id == mine and info.value.matched_by == "name"


def test_a_failed_write_leaves_no_rows_and_no_evidence_files(store, other_store, rich_case, tmp_path, monkeypatch):
    from app.core.errors import StoreError
    from app.mipin.packages import importer

    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out)
    before = snapshot(other_store)

    def explode(*_args, **_kwargs):
        raise StoreError("磁盘空间已满，本次修改未保存（之前保存的内容完好）")

    monkeypatch.setattr(importer, "apply_extras", explode)
    with pytest.raises(StoreError):
        import_package(other_store, out)
    assert snapshot(other_store) == before
    assert not list((other_store.paths.data_dir / "tmp").iterdir())


# ---------------------------------------------------------------------- export refusals


def test_export_refuses_missing_or_changed_evidence(store, rich_case, tmp_path) -> None:
    sha = _extras(store, rich_case)["evidence"][0]["sha256"]
    stored = evidence_path(store.paths, sha)
    out = tmp_path / "case.wbcase"
    original = stored.read_bytes()
    stored.write_bytes(original[:-1] + b"X")
    with pytest.raises(PackageError) as info:
        export_package(store, rich_case, out)
    assert info.value.kind == e.CHANGED
    stored.unlink()
    with pytest.raises(PackageError) as info:
        export_package(store, rich_case, out)
    assert info.value.kind == e.EVIDENCE_MISSING
    assert list(tmp_path.glob("*case.wbcase*")) == []


def test_open_package_leaves_no_workspace(store, rich_case, tmp_path) -> None:
    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out, passphrase=PASS, scrypt_n=FAST_N)
    with open_package(out, store.paths, PASS) as pkg:
        assert pkg.encrypted and pkg.evidence_files
        workdir = next(iter(pkg.evidence_files.values())).parent
        assert workdir.exists()
    assert not workdir.exists()


def test_evidence_location_agrees_with_the_evidence_module(paths) -> None:
    sha = "ab" + "0" * 62
    assert evidence.stored_path(paths, sha) == evidence_path(paths, sha)


def test_layout_member_names() -> None:
    assert layout.is_evidence_member("evidence/" + "a" * 64)
    assert not layout.is_evidence_member("evidence/" + "A" * 64)
    assert not layout.is_evidence_member("evidence/../" + "a" * 61)
