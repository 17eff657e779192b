"""A package with any changed byte, a missing or extra member, an unsafe path or a zip bomb is refused.

Every refusal names its reason (``PackageError.kind`` and the message) and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path

import pytest

from app.mipin.packages import PackageError, crypto, export_package, import_package, layout
from app.mipin.packages import errors as e
from tests.safety.helpers import read_members, snapshot, write_package

PASS = "梧州-密评-2026!"
TAMPERED = {e.CHANGED, e.DAMAGED, e.NOT_PACKAGE}


@pytest.fixture
def package(store, rich_case, tmp_path) -> Path:
    out = tmp_path / "case.wbcase"
    export_package(store, rich_case, out)
    return out


@pytest.fixture
def sealed(store, rich_case, tmp_path) -> Path:
    out = tmp_path / "sealed.wbcase"
    export_package(store, rich_case, out, passphrase=PASS, scrypt_n=crypto.MIN_SCRYPT_N)
    return out


def _refused(store, path: Path, passphrase: str | None = None) -> PackageError:
    before = snapshot(store)
    with pytest.raises(PackageError) as info:
        import_package(store, path, passphrase)
    assert snapshot(store) == before, "a refused package must not write anything"
    assert not list((store.paths.data_dir / "tmp").iterdir()), "the workspace must be removed"
    return info.value


def _data_offset(path: Path, name: str) -> int:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    raw = path.read_bytes()
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def _flip(path: Path, offset: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))


def _locations(path: Path) -> dict[str, int]:
    raw = path.read_bytes()
    evidence = sorted(n for n in read_members(path) if n.startswith("evidence/"))[0]
    cd_start = raw.index(b"PK\x01\x02")
    return {
        "first byte": 0,
        "case.json data": _data_offset(path, "case.json") + 50,
        "extras.json data": _data_offset(path, "extras.json") + 10,
        "evidence data": _data_offset(path, evidence) + 3,
        "manifest data": _data_offset(path, "manifest.json") + 20,
        "local header mtime": 10,
        "central directory mtime": cd_start + 12,
        "central directory name": cd_start + 46 + 2,
        "end record": len(raw) - layout.DIGEST_LENGTH - 10,
        "digest comment": len(raw) - 5,
        "last byte": len(raw) - 1,
    }


def test_every_location_is_covered(package) -> None:
    assert len(set(_locations(package).values())) == len(_locations(package))


@pytest.mark.parametrize(
    "where",
    [
        "first byte", "case.json data", "extras.json data", "evidence data", "manifest data", "local header mtime",
        "central directory mtime", "central directory name", "end record", "digest comment", "last byte",
    ],
)  # fmt: skip
def test_a_changed_byte_is_refused(store, package, where) -> None:
    _flip(package, _locations(package)[where])
    error = _refused(store, package)
    assert error.kind in TAMPERED | {e.MISSING_MEMBER, e.EXTRA_MEMBER}, (where, error.kind, str(error))
    assert "改动" in str(error) or "损坏" in str(error) or "不是" in str(error) or "成员" in str(error)


def test_a_changed_timestamp_in_the_directory_is_caught_by_the_archive_digest(store, package) -> None:
    _flip(package, _locations(package)["central directory mtime"])
    error = _refused(store, package)
    assert error.kind == e.CHANGED and "整体" in str(error)


def test_a_changed_member_names_the_member(store, package) -> None:
    _flip(package, _data_offset(package, "extras.json") + 10)
    error = _refused(store, package)
    assert error.kind == e.CHANGED and error.field == "extras.json"


@pytest.mark.parametrize("edit", ["append", "truncate", "insert"])
def test_added_or_removed_bytes_are_refused(store, package, edit) -> None:
    raw = package.read_bytes()
    middle = len(raw) // 2
    package.write_bytes(
        {"append": raw + b"\0", "truncate": raw[:-1], "insert": raw[:middle] + b"\0" + raw[middle:]}[edit]
    )
    assert _refused(store, package).kind in TAMPERED


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        ("magic", e.NOT_PACKAGE),
        ("header length", e.DAMAGED),
        ("header json", None),
        ("salt", None),
        ("first chunk", e.CHANGED),
        ("last byte", e.CHANGED),
    ],
)
def test_a_changed_byte_in_an_encrypted_package_is_refused(store, sealed, where, kind) -> None:
    raw = sealed.read_bytes()
    header_len = 12 + int.from_bytes(raw[8:12], "big")
    salt_at = raw.index(b'"salt":"') + 10
    offsets = {
        "magic": 3, "header length": 10, "header json": 20, "salt": salt_at,
        "first chunk": header_len + 5, "last byte": len(raw) - 1,
    }  # fmt: skip
    _flip(sealed, offsets[where])
    error = _refused(store, sealed, PASS)
    expected = {kind} if kind else TAMPERED | {e.WRONG_PASSPHRASE}
    assert error.kind in expected, str(error)


@pytest.mark.parametrize("edit", ["append", "truncate-chunk", "truncate-header"])
def test_encrypted_truncation_and_appending_are_refused(store, sealed, edit) -> None:
    raw = sealed.read_bytes()
    header_len = 12 + int.from_bytes(raw[8:12], "big")
    sealed.write_bytes(
        {"append": raw + b"x", "truncate-chunk": raw[:-17], "truncate-header": raw[: header_len - 3]}[edit]
    )
    assert _refused(store, sealed, PASS).kind in TAMPERED


# ---------------------------------------------------------------------- members


def test_a_missing_member_is_named(store, package) -> None:
    members = read_members(package)
    gone = sorted(n for n in members if n.startswith("evidence/"))[0]
    listed = dict(members)
    del members[gone]
    write_package(package, members, manifest_members=listed)
    error = _refused(store, package)
    assert error.kind == e.MISSING_MEMBER and error.field == gone and gone in str(error)


def test_a_missing_manifest_is_named(store, package) -> None:
    members = read_members(package)
    del members["manifest.json"]
    with zipfile.ZipFile(package, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    assert _refused(store, package).kind == e.MISSING_MEMBER


def test_an_extra_member_is_named(store, package) -> None:
    members = read_members(package)
    listed = dict(members)
    members["notes.txt"] = b"smuggled"
    write_package(package, members, manifest_members=listed)
    error = _refused(store, package)
    assert error.kind == e.EXTRA_MEMBER and "notes.txt" in str(error)


def test_an_unknown_member_even_when_listed_is_refused(store, package) -> None:
    members = read_members(package)
    members["scripts/run.sh"] = b"#!/bin/sh\n"
    write_package(package, members)
    assert _refused(store, package).kind == e.EXTRA_MEMBER


def test_an_unreferenced_evidence_file_is_refused(store, package) -> None:
    members = read_members(package)
    data = b"not referenced by extras.json"
    members[layout.evidence_member(hashlib.sha256(data).hexdigest())] = data
    write_package(package, members)
    assert _refused(store, package).kind == e.EXTRA_MEMBER


def test_a_duplicated_member_is_refused(store, package) -> None:
    members = read_members(package)
    with zipfile.ZipFile(package, "a") as zf, pytest.warns(UserWarning):
        zf.writestr("case.json", members["case.json"])
    assert _refused(store, package).kind == e.EXTRA_MEMBER


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/cron.d/evil", "evidence/../../evil", "C:\\Windows\\evil", "a\\..\\b", "./case.json"]
)
def test_unsafe_paths_are_refused_before_anything_is_extracted(store, package, name) -> None:
    members = read_members(package)
    members[name] = b"payload"
    write_package(package, members)
    error = _refused(store, package)
    assert error.kind == e.UNSAFE_PATH and "不安全的路径" in str(error)


def test_a_symlink_member_is_refused(store, package) -> None:
    members = read_members(package)
    with zipfile.ZipFile(package, "a") as zf:
        info = zipfile.ZipInfo("evidence/link")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    assert members
    assert _refused(store, package).kind == e.UNSAFE_PATH


# ---------------------------------------------------------------------- zip bombs


def test_a_high_compression_ratio_is_refused_before_extraction(store, package) -> None:
    members = read_members(package)
    bomb = bytes(64 << 20)  # 64 MiB of zeros deflate to ≈64 KiB (1000:1)
    members[layout.evidence_member(hashlib.sha256(bomb).hexdigest())] = bomb
    write_package(package, members)
    error = _refused(store, package)
    assert error.kind == e.ZIP_BOMB and "压缩比" in str(error)


def test_declared_sizes_over_the_limits_are_refused(store, package, monkeypatch) -> None:
    monkeypatch.setattr(layout, "MAX_TOTAL_BYTES", 1000)
    assert _refused(store, package).kind == e.ZIP_BOMB
    monkeypatch.setattr(layout, "MAX_TOTAL_BYTES", 1 << 40)
    monkeypatch.setattr(layout, "MAX_JSON_BYTES", 100)
    assert _refused(store, package).kind == e.ZIP_BOMB
    monkeypatch.setattr(layout, "MAX_JSON_BYTES", 1 << 28)
    monkeypatch.setattr(layout, "MAX_MEMBERS", 3)
    assert _refused(store, package).kind == e.ZIP_BOMB


def test_a_member_larger_than_declared_is_refused(store, package) -> None:
    """A lying size field: the extractor counts the bytes and stops at the declared size."""
    members = read_members(package)
    raw = bytearray(package.read_bytes())
    name = b"extras.json"
    cd = raw.index(b"PK\x01\x02")
    while raw[cd + 46 : cd + 46 + len(name)] != name:
        cd = raw.index(b"PK\x01\x02", cd + 4)
    real = struct.unpack("<I", raw[cd + 24 : cd + 28])[0]
    raw[cd + 24 : cd + 28] = struct.pack("<I", real - 10)
    package.write_bytes(bytes(raw))
    assert members
    assert _refused(store, package).kind in TAMPERED | {e.ZIP_BOMB}


def test_not_a_package(store, tmp_path) -> None:
    junk = tmp_path / "junk.wbcase"
    junk.write_bytes(b"hello, this is not a zip")
    assert _refused(store, junk).kind == e.NOT_PACKAGE
    other_zip = tmp_path / "other.wbcase"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("readme.txt", "hi")
    assert _refused(store, other_zip).kind == e.NOT_PACKAGE
    empty = tmp_path / "empty.wbcase"
    empty.write_bytes(b"")
    assert _refused(store, empty).kind == e.NOT_PACKAGE


def test_invalid_case_content_is_refused_with_the_field(store, package) -> None:
    members = read_members(package)
    case = json.loads(members["case.json"])
    case["units"][0]["objects"][0]["D"] = "maybe"
    members["case.json"] = json.dumps(case, ensure_ascii=False).encode()
    write_package(package, members)
    error = _refused(store, package)
    assert error.kind == e.INVALID_CONTENT and "units[0].objects[0].D" in str(error)


def test_invalid_extras_are_refused_with_the_field(store, package) -> None:
    members = read_members(package)
    extras = json.loads(members["extras.json"])
    extras["evidence"][0]["reliability"] = 7
    members["extras.json"] = json.dumps(extras, ensure_ascii=False).encode()
    write_package(package, members)
    error = _refused(store, package)
    assert error.kind == e.INVALID_CONTENT and "evidence[0].reliability" in str(error)


@pytest.mark.parametrize("error", [KeyError, IndexError])
def test_a_bug_of_our_own_is_not_reported_as_a_tampered_package(store, package, monkeypatch, error) -> None:
    """unpack catches only what zipfile raises on a malformed archive; our own KeyError/IndexError surface."""
    from app.mipin.packages import unpack

    def broken(*_args: object) -> None:
        raise error("a bug in the checks")

    monkeypatch.setattr(unpack, "_check_member_sets", broken)
    before = snapshot(store)
    with pytest.raises(error, match="a bug in the checks"):
        import_package(store, package)
    assert snapshot(store) == before
