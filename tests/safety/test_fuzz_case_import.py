"""Fuzzing the mipin-case/1 importer: only typed errors, and nothing written when it refuses.

Random JSON values, case-shaped values with broken fields, mutations of every valid case in
the test data, and random or mutated bytes through the file loader.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import InputError
from app.mipin.cases import import_case
from app.mipin.engine import load_case_file
from app.store.store import Store
from tests.safety.fuzzing import FUZZ, case_shaped, json_values, mutated_case, valid_cases
from tests.safety.helpers import snapshot

pytestmark = pytest.mark.slow  # Hypothesis budgets of minutes: the full test command runs it, `dev.py check` does not


def _import_or_refuse(store: Store, data: object) -> None:
    before = snapshot(store)
    try:
        import_case(store, data)
    except InputError:
        assert snapshot(store) == before, "a refused import wrote something"
        return
    after = snapshot(store)
    assert after["rows"]["cases"] == before["rows"]["cases"] + 1
    assert after["rows"]["audit_events"] == before["rows"]["audit_events"] + 1  # its import_case record


@FUZZ
@given(json_values)
def test_random_json_values(store, value) -> None:
    _import_or_refuse(store, value)


@FUZZ
@given(case_shaped())
def test_case_shaped_values(store, value) -> None:
    _import_or_refuse(store, value)


@FUZZ
@given(mutated_case())
def test_mutations_of_valid_cases(store, value) -> None:
    _import_or_refuse(store, value)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_through_the_file_loader(tmp_path, raw) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(raw)
    with contextlib.suppress(InputError):
        load_case_file(path)


@FUZZ
@given(st.sampled_from(valid_cases()), st.data())
def test_byte_mutations_of_valid_files(tmp_path, case, data) -> None:
    raw = bytearray(json.dumps(case, ensure_ascii=False, indent=1).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if op == "flip":
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        elif op == "delete":
            del raw[at]
        else:
            raw.insert(at, data.draw(st.integers(0, 255)))
    path = tmp_path / "fuzz.json"
    path.write_bytes(bytes(raw))
    with contextlib.suppress(InputError):
        load_case_file(path)
