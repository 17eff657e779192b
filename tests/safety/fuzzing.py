"""Hypothesis strategies shared by the fuzz tests: JSON values, case-shaped values, mutations.

The budget of every fuzz test is bounded (``FUZZ``: 250 examples under the ``ci`` profile, no
deadline), so they run in the normal test command, deterministically (``tests/hypo.py``).
Interesting inputs found while fuzzing are kept in ``tests/data/fuzz/`` and replayed by
``test_fuzz_corpus.py``. ``pytest --hypothesis-profile=deep tests/safety`` runs a deeper search by
hand (5000 examples each).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from app.mipin.engine import load_catalogue
from tests.hypo import SLOW_FIXTURES, examples

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "fuzz"
CASES = ROOT / "tests" / "data" / "cases"

FUZZ = settings(max_examples=examples(250), deadline=None, suppress_health_check=SLOW_FIXTURES)

MARKS = ["√", "×", "/", "pass", "fail", "na", "PASS", "", "?", "√×", None, 1, True]
RESULTS = ["符合", "部分符合", "不符合", "不适用", "pass", "partial", "fail", "na", "", "ok", None, 0]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["", "\ud800", "\x00", "../..", "√", "SM4", "mipin-case/1", "1e309", "-0"])
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=40,
)


def valid_cases() -> list[dict[str, Any]]:
    """Every valid case in the test data and the demo, decoded."""
    files = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    cases.append(json.loads((ROOT / "resources" / "demo" / "demo-case.json").read_text(encoding="utf-8")))
    return cases


def _unit_ids() -> list[str]:
    catalogue = load_catalogue()
    ids = sorted({u.id for level in (1, 2, 3, 4) for u in catalogue.units_for_level(level)})
    return [*ids, "XX-1", "", "pe-1"]


@st.composite
def case_shaped(draw: st.DrawFn) -> dict[str, Any]:
    """A value shaped like mipin-case/1 whose fields are drawn from plausible and broken values."""
    catalogue = load_catalogue()
    algorithms = sorted(a.name for a in catalogue.algorithms)
    names = st.sampled_from(["机房", "VPN", "数据库", "", "  ", "应用"]) | st.text(max_size=8)
    obj = st.fixed_dictionaries(
        {"name": names},
        optional={
            "D": st.sampled_from(MARKS),
            "A": st.sampled_from(MARKS),
            "K": st.sampled_from(MARKS),
            "algorithms": st.lists(st.sampled_from([*algorithms[:30], "rsa1024", "NOPE", ""]) | scalars, max_size=4),
            "protocols": st.lists(
                st.sampled_from(["TLCP", "IPSec", "TLS 1.2", "SSH-2", "TLS 9"]) | scalars, max_size=3
            ),
            "module_level": st.sampled_from([1, 2, 3, 4, 0, 5, "2", None, 1.5, True]),
            "key_hazards": st.lists(st.text(max_size=6) | scalars, max_size=3),
            "ra": st.sampled_from([1, 0.5, 0.2, 0.7, "1", None, -1]),
            "rk": st.sampled_from([1, 1.2, 1.5, 2, "1.2", None]),
            "record": st.text(max_size=20) | scalars,
        },
    )
    unit = st.fixed_dictionaries(
        {"id": st.sampled_from(_unit_ids()) | scalars},
        optional={
            "applicable": st.booleans() | scalars,
            "na_reason": st.text(max_size=10) | scalars,
            "objects": st.lists(obj, max_size=4) | scalars,
            "result": st.sampled_from(RESULTS),
            "record": st.text(max_size=10) | scalars,
            "checklist": st.lists(st.integers(-1, 4) | scalars, max_size=3) | scalars,
        },
    )
    system = st.fixed_dictionaries(
        {"name": st.text(max_size=10) | scalars, "level": st.sampled_from([1, 2, 3, 4, 0, 5, "3", None, 3.0, True])},
        optional={"client": scalars, "assessor": scalars, "report_no": scalars, "extra": json_values},
    )
    decision = st.fixed_dictionaries(
        {
            "item": st.sampled_from(["6.1", "8.2", "5.1", "99.9", ""]) | scalars,
            "unit": st.sampled_from(_unit_ids()),
            "decision": st.sampled_from(["confirmed", "mitigated", "dismissed", "added", "nope"]) | scalars,
        },
        optional={
            "object": names | scalars,
            "reason": st.text(max_size=10) | scalars,
            "mitigation": scalars,
            "decided_at": st.sampled_from(["2026-09-20T15:30:00+08:00", "2026-09-20 15:30", None]) | scalars,
        },
    )
    compensation = st.fixed_dictionaries(
        {
            "unit": st.sampled_from(["NC-2", "AD-6", "NC-3", "AD-4", "PE-1"]),
            "object": names,
            "from_unit": st.sampled_from(["NC-2", "AD-6", "NC-3", "AD-4", "PE-1"]),
            "from_object": names,
        }
    )
    days = st.sampled_from(["2026-09-01", "2026-02-30", "2026-9-1", "", None, 20260901]) | scalars
    span = st.fixed_dictionaries({}, optional={"start": days, "end": days, "x": scalars}) | scalars
    times = st.sampled_from(["2026-09-20T15:30:00+08:00", "2026-09-20T15:30:00", "2026-09-20", "Z", None]) | scalars
    rating = st.fixed_dictionaries(
        {"unit": st.sampled_from(_unit_ids()) | scalars},
        optional={
            "likelihood": st.sampled_from(["高", "中", "低", "很高"]) | scalars,
            "impact": scalars,
            "note": scalars,
        },
    )
    evidence = st.fixed_dictionaries(
        {"file": names | scalars, "sha256": st.sampled_from(["ab" * 32, "AB" * 32, "xyz", ""]) | scalars},
        optional={
            "reliability": st.sampled_from([1, 2, 3, 0, 4, "2", True]) | scalars,
            "method": st.sampled_from(["工具测试", "访谈", "", "nope"]) | scalars,
            "kind": st.sampled_from(["capture", "document", "nope"]) | scalars,
            "unit": st.sampled_from(_unit_ids()) | scalars,
            "object": names | scalars,
            "size": st.sampled_from([0, 10, -1, 2**70, 1.5]) | scalars,
            "added_at": times,
            "details": json_values,
        },
    )
    data = draw(
        st.fixed_dictionaries(
            {"format": st.sampled_from(["mipin-case/1", "mipin-case/2", None, 1])},
            optional={
                "system": system | scalars,
                "threshold": st.sampled_from([60, 70, 0, 100, 101, -1, "60", None, float("nan"), float("inf")]),
                "units": st.lists(unit, max_size=6) | scalars,
                "compensations": st.lists(compensation, max_size=2) | scalars,
                "risk_decisions": st.lists(decision, max_size=2) | scalars,
                # the record-keeping fields (docs/mipin-case-format.md §1.6)
                "period": span,
                "phases": st.dictionaries(st.sampled_from(["测评准备", "现场测评", "测评"]), span, max_size=3)
                | scalars,
                "objects": st.lists(st.fixed_dictionaries({"name": names}, optional={"kind": scalars}), max_size=3)
                | scalars,
                "risk_ratings": st.lists(rating, max_size=2) | scalars,
                "evidence": st.lists(evidence, max_size=2) | scalars,
            },
        )
    )
    return data


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated_case(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case with one to four random mutations (delete, replace, duplicate, retype, add)."""
    data = copy.deepcopy(draw(st.sampled_from(valid_cases())))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["delete", "replace", "duplicate", "retype", "add-key", "empty", "surrogate"]))
        if not path:
            if op == "replace":
                return draw(json_values)  # type: ignore[arg-type]
            continue
        parent, key = _get(data, path[:-1]), path[-1]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(json_values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif op == "retype":
            value = parent[key]
            parent[key] = str(value) if not isinstance(value, str) else (int(value) if value.isdigit() else [value])
        elif op == "add-key" and isinstance(parent[key], dict):
            parent[key][draw(st.text(max_size=8))] = draw(json_values)
        elif op == "surrogate" and isinstance(parent[key], str):
            # JSON "\ud800" escapes decode to lone surrogates, which no UTF-8 store can hold
            text = parent[key]
            at = draw(st.integers(0, len(text)))
            parent[key] = text[:at] + draw(st.sampled_from(["\ud800", "\udfff", "\ud83d"])) + text[at:]
        elif op == "empty":
            value = parent[key]
            parent[key] = type(value)() if isinstance(value, dict | list | str) else None
    return data
