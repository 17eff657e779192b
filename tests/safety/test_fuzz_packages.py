"""Fuzzing the case-package importer: a changed package is always refused, with a typed error only.

Random bytes, byte-level mutations of real plain and encrypted packages (any change must be
refused: the archive digest and the AEAD cover every byte), and random member sets written with
a consistent manifest and digest (so the deeper checks are reached). A refusal never writes to
the store and never leaves a workspace behind.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.core.paths import AppPaths
from app.mipin.packages import PackageError, crypto, export_package, import_package, layout
from app.store.store import Store
from tests.safety.fuzzing import FUZZ, json_values
from tests.safety.helpers import make_rich_case, read_members, snapshot, write_package

pytestmark = pytest.mark.slow  # Hypothesis budgets of minutes: the full test command runs it, `dev.py check` does not

PASS = "fuzz-passphrase-2026"


@functools.cache
def packages() -> dict[str, bytes]:
    """A plain and an encrypted package of the rich test case (made once per test run)."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-packages-"))
    try:
        paths = AppPaths.resolve(folder / "data")
        paths.ensure()
        store = Store.open(paths)
        try:
            case_id = make_rich_case(store, evidence_bytes=512)
            export_package(store, case_id, folder / "plain.wbcase")
            export_package(store, case_id, folder / "sealed.wbcase", passphrase=PASS, scrypt_n=crypto.MIN_SCRYPT_N)
        finally:
            store.close()
        return {name: (folder / f"{name}.wbcase").read_bytes() for name in ("plain", "sealed")}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _must_refuse(store: Store, path: Path, passphrase: str | None = PASS) -> PackageError:
    before = snapshot(store)
    try:
        import_package(store, path, passphrase, on_conflict="copy")
    except PackageError as exc:
        assert snapshot(store) == before, "a refused package wrote something"
        assert not list((store.paths.data_dir / "tmp").iterdir()), "workspace left behind"
        return exc
    raise AssertionError("a changed package was imported")


@st.composite
def mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "truncate", "insert", "delete", "append"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "append":
            data.extend(draw(st.binary(min_size=1, max_size=16)))
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_are_refused(store, tmp_path, raw) -> None:
    path = tmp_path / "random.wbcase"
    path.write_bytes(raw)
    _must_refuse(store, path)


@FUZZ
@given(st.data())
def test_any_change_to_a_plain_package_is_refused(store, tmp_path, data) -> None:
    original = packages()["plain"]
    mutated = data.draw(mutations(original))
    assume(mutated != original)
    path = tmp_path / "mutated.wbcase"
    path.write_bytes(mutated)
    _must_refuse(store, path)


@FUZZ
@given(st.data())
def test_any_change_to_an_encrypted_package_is_refused(store, tmp_path, data) -> None:
    original = packages()["sealed"]
    mutated = data.draw(mutations(original))
    assume(mutated != original)
    path = tmp_path / "mutated.wbcase"
    path.write_bytes(mutated)
    _must_refuse(store, path)


def stored_name(name: str) -> str:
    """The member name zipfile writes for ``name`` (it drops everything from a NUL on)."""
    return zipfile.ZipInfo(name).filename


def test_names_that_zipfile_stores_alike_are_one_member() -> None:
    assert stored_name("") == stored_name("\x00") == stored_name("\x00abc") == ""
    assert stored_name("case.json\x00.exe") == "case.json"


_NAMES = st.sampled_from(
    ["case.json", "extras.json", "audit.json", "manifest.json", "evidence/", "evidence/x", "../x", "/abs", "a\\b",
     "evidence/" + "0" * 64, "notes.txt", "", "case.json/", "./case.json", "evidence//" + "a" * 64]
)  # fmt: skip


@FUZZ
@given(st.data())
def test_consistent_but_wrong_member_sets_are_refused_or_valid(store, tmp_path, data) -> None:
    """Members are added, dropped or replaced, and the manifest and digest recomputed to match."""
    members = read_members_cached()
    for _ in range(data.draw(st.integers(1, 3))):
        op = data.draw(st.sampled_from(["drop", "add", "json", "evidence"]))
        names = sorted(members)
        if op == "drop" and names:
            members.pop(data.draw(st.sampled_from(names)))
        elif op == "add":
            # Key the member by the name zipfile will store ('' and '\x00' are one name: it cuts at NUL),
            # so the archive never gets two members of one name (a generator bug, not a package error).
            members[stored_name(data.draw(_NAMES | st.text(max_size=20)))] = data.draw(st.binary(max_size=64))
        elif op == "json":
            target = data.draw(st.sampled_from(["case.json", "extras.json", "audit.json"]))
            try:
                value = json.loads(members.get(target, b"{}") or b"{}")
            except ValueError:  # an earlier step replaced it with random bytes
                value = {}
            if isinstance(value, dict) and value:
                key = data.draw(st.sampled_from(sorted(value)))
                value[key] = data.draw(json_values)
            members[target] = json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
        else:
            content = data.draw(st.binary(max_size=64))
            members[layout.evidence_member(hashlib.sha256(content).hexdigest())] = content
    path = tmp_path / "rebuilt.wbcase"
    try:
        write_package(path, members)
    except (ValueError, UnicodeEncodeError):
        assume(False)  # zipfile cannot even write such a name
    before = snapshot(store)
    try:
        import_package(store, path, on_conflict="copy")
    except PackageError:
        assert snapshot(store) == before
        assert not list((store.paths.data_dir / "tmp").iterdir())


def read_members_cached() -> dict[str, bytes]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-members-"))
    try:
        path = folder / "plain.wbcase"
        path.write_bytes(packages()["plain"])
        return read_members(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
