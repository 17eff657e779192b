"""Replay the fuzz corpus in ``tests/data/fuzz/``: each file's name says what must happen to it.

``ok--…`` is accepted; ``refused--…`` raises the importer's typed error; a package's prefix is
the ``PackageError.kind`` it must be refused with. Refusals write nothing. The ``ok--v1-…``
packages also pin the ``wbcase/1`` format: later versions must still import them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import InputError
from app.mipin.cases import import_case
from app.mipin.engine import load_case_file
from app.mipin.evidence import certs
from app.mipin.packages import PackageError, import_package
from tests.safety.fuzzing import CORPUS
from tests.safety.helpers import snapshot
from tests.safety.make_fuzz_corpus import PASSPHRASE


def _files(kind: str) -> list[Path]:
    return sorted((CORPUS / kind).iterdir())


def _expected(path: Path) -> str:
    return path.name.split("--", 1)[0]


def test_the_corpus_is_there() -> None:
    for kind in ("case", "package", "certificate"):
        names = [p.name for p in _files(kind)]
        assert any(n.startswith("ok--") for n in names) and len(names) >= 5, kind


@pytest.mark.parametrize("path", _files("case"), ids=lambda p: p.name)
def test_case_corpus(store, path: Path) -> None:
    before = snapshot(store)
    try:
        load_case_file(path)  # the file-level checks (encoding, JSON, the engine's validation)
        import_case(store, json.loads(path.read_bytes().decode("utf-8-sig")))  # and the store's
    except InputError:
        assert _expected(path) == "refused", f"{path.name} was refused"
        assert snapshot(store) == before
        return
    assert _expected(path) == "ok", f"{path.name} was accepted"


@pytest.mark.parametrize("path", _files("package"), ids=lambda p: p.name)
def test_package_corpus(store, path: Path) -> None:
    before = snapshot(store)
    try:
        result = import_package(store, path, PASSPHRASE, on_conflict="copy")
    except PackageError as exc:
        assert exc.kind == _expected(path), f"{path.name}: {exc.kind}: {exc}"
        assert snapshot(store) == before
        return
    assert _expected(path) == "ok", f"{path.name} was accepted"
    assert result.mode == "new"


@pytest.mark.parametrize("path", _files("certificate"), ids=lambda p: p.name)
def test_certificate_corpus(path: Path) -> None:
    try:
        info = certs.parse_certificate(path.read_bytes())
    except InputError:
        assert _expected(path) == "refused", path.name
        return
    assert _expected(path) == "ok", path.name
    assert info.proposed_algorithms
