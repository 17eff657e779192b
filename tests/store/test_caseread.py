"""Differential tests: the Core case reader gives exactly what the old ORM reader gave (issue 9, speed).

The reference is the previous implementation, kept verbatim in :mod:`tests.store.orm_reference`.
Compared: the raw dictionary (what ``export_case`` and ``load_bundle`` parse), the results-only
dictionary (what ``duplicate_case`` copies), the whole :class:`CaseBundle` and the editing session
(``load_session``, what opening a case in the window reads), on the large
benchmark case, the demo case, a case with every record-keeping field, random whole cases and an
upgraded legacy store — on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from app.core.errors import NotFoundError
from app.mipin.bundle import load_bundle
from app.mipin.caseread import read_case_dict, results_only
from app.mipin.cases import duplicate_case, export_case, import_case
from app.mipin.casework.session import CaseSession, load_session
from app.mipin.demo import seed_demo_case
from app.mipin.engine import dump_case, parse_case
from app.mipin.tables import Case, ObjectEntry, UnitEntry
from app.store import audit
from app.store.store import Store
from tests.bench.casegen import make_large_case
from tests.casework.exchangecases import whole_cases
from tests.store.legacy import install_legacy
from tests.store.orm_reference import old_case_dict, old_load_bundle, old_load_session, old_results_dict


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, paths: Any) -> Iterator[Store]:
    url = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store.open(paths, url)
    yield s
    s.close()


def _text(value: object) -> str:
    """Exact comparison: key order and types too (``1`` vs ``1.0`` vs ``True`` differ in the text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=repr)


def _assert_same(store: Store, case_id: int) -> None:
    with store.read() as s:
        new = read_case_dict(s, case_id)
    old = old_case_dict(store, case_id)
    assert new.data == old
    assert _text(new.data) == _text(old)
    assert _text(results_only(new.data)) == _text(old_results_dict(store, case_id))
    assert load_bundle(store, case_id) == old_load_bundle(store, case_id)
    _assert_same_session(load_session(store, case_id), old_load_session(store, case_id))


_SESSION_FIELDS = ("case_id", "header", "objects", "units", "compensations", "decisions", "ratings", "evidence")


def _assert_same_session(new: CaseSession, old: CaseSession) -> None:
    """The editing session the checklist opens: every field it reads from the store."""
    for name in _SESSION_FIELDS:
        assert getattr(new, name) == getattr(old, name), name
    assert new.score() == old.score()
    lists = [id(x) for u in new.units.values() for o in u.objects for x in (o.algorithms, o.protocols, o.key_hazards)]
    assert len(set(lists)) == len(lists)  # every entry's lists are its own (the session edits them in place)


def _rich_case(store: Store) -> dict[str, Any]:
    """The demo case with every record-keeping field filled in (evidence, ticks, N/A, compensations)."""
    data = export_case(store, store.write(seed_demo_case))
    ref = {"file": "抓包.pcap", "sha256": "ab" * 32, "reliability": 2, "method": "工具测试", "kind": "capture"}
    ref.update(unit="NC-1", size=10, added_at="2026-09-16T10:00:00.250000+08:00", details={"observed": {"D": "×"}})
    data["evidence"] = [ref, {"file": "访谈.docx", "sha256": "cd" * 32, "reliability": 1, "method": "访谈",
                         "unit": "AD-1"}]  # fmt: skip
    data["units"][3]["checklist"] = [0, 2]
    return data


def test_the_large_benchmark_case_reads_the_same(any_store: Store) -> None:
    case_id = import_case(any_store, make_large_case(units=41, objects=1000))
    with any_store.read() as s:
        data = read_case_dict(s, case_id).data
    assert data["compensations"] and data["risk_decisions"] and sum(len(u.get("objects", [])) for u in data["units"])
    _assert_same(any_store, case_id)


def test_the_demo_case_reads_the_same(any_store: Store) -> None:
    _assert_same(any_store, any_store.write(seed_demo_case))


def test_a_case_with_every_record_field_reads_the_same(any_store: Store) -> None:
    case_id = import_case(any_store, _rich_case(any_store))
    with any_store.read() as s:
        data = read_case_dict(s, case_id).data
    assert data["evidence"] and data["risk_ratings"] and data["phases"] and data["period"]  # the fields are there
    assert any(u.get("checklist") for u in data["units"])
    assert any(u.get("applicable") is False for u in data["units"])
    assert all("decided_at" in d for d in data["risk_decisions"]) and data["risk_decisions"]
    _assert_same(any_store, case_id)


def test_out_of_range_ticks_odd_lists_and_system_extras_read_the_same(store: Store) -> None:
    case_id = import_case(store, make_large_case(units=41, objects=200))

    def damage(s: Any) -> None:  # what an old version could leave behind (see ticks_in_range)
        entry = s.query(UnitEntry).filter_by(case_id=case_id).first()
        entry.checklist = [0, 99, -1, 0]
        for i, oe in enumerate(s.query(ObjectEntry).join(UnitEntry).filter(UnitEntry.case_id == case_id).limit(4)):
            setattr(oe, ("algorithms", "protocols", "key_hazards", "algorithms")[i], [None, [], None, ["SM4"]][i])
        # Positions that are not in id order (rows added or moved later): both must follow the positions.
        units = s.query(UnitEntry).filter_by(case_id=case_id).order_by(UnitEntry.id).all()
        for unit in units:
            for pos, oe in enumerate(reversed(unit.entries)):
                oe.position = pos
        units[0].position, units[-1].position = units[-1].position, units[0].position
        s.get(Case, case_id).system_extra = {"contact": "某某", "numbers": [1, 2.5, True, None]}

    def write(s: Any) -> None:
        damage(s)
        audit.append(s, case_id, "test_damage", "unit")

    store.write(write)
    _assert_same(store, case_id)


def test_a_duplicate_and_an_export_are_unchanged(store: Store) -> None:
    case_id = import_case(store, _rich_case(store))
    assert export_case(store, case_id) == dump_case(parse_case(old_case_dict(store, case_id)))
    copy = duplicate_case(store, case_id, "副本")
    _assert_same(store, copy)
    with store.read() as s:
        copied = read_case_dict(s, copy).data
    assert "evidence" not in copied or copied["evidence"] == []  # evidence is not copied, as before


def test_a_legacy_store_reads_the_same(paths: Any) -> None:
    expected = install_legacy(paths, "0002")
    store = Store.open(paths)
    try:
        _assert_same(store, expected["case_id"])
    finally:
        store.close()


def test_a_missing_case_is_not_found(store: Store) -> None:
    with store.read() as s, pytest.raises(NotFoundError):
        read_case_dict(s, 12345)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])  # fmt: skip
@given(whole_cases())
def test_random_whole_cases_read_the_same(store: Store, data: dict[str, Any]) -> None:
    _assert_same(store, import_case(store, data))
