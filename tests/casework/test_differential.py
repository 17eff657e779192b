"""Differential test of the one edit mechanism: the in-memory case and the store must behave identically.

Hypothesis draws random sequences of edits — valid and invalid values, batches, every edit class —
from small alphabets, so names collide, units repeat and undo crosses everything. Each step runs
through both sides, in both directions (in alternating order: session first, then the store, or
the store first, then the session):

* the session accepts exactly what the store accepts (and refuses it naming the same field);
* after each step the in-memory case equals the case reloaded from the store;
* undoing the whole sequence (the session's inverses, written to the store too) returns both to
  the start exactly, and the audit chain still verifies.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from app.core.clock import LOCAL_ZONE
from app.core.errors import InputError
from app.mipin.cases import CaseHeader, create_case, export_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import (
    EDITS,
    AddEvidence,
    AddUnitEntry,
    AssignObject,
    Batch,
    CaseCommand,
    DefineObject,
    DeleteEvidence,
    DeleteObject,
    DeleteRiskRating,
    RemoveUnitEntry,
    SetApplicable,
    SetArchived,
    SetChecklist,
    SetCompensation,
    SetObjectField,
    SetObjectFields,
    SetRiskDecision,
    SetRiskRating,
    SetUnitRecord,
    SetUnitResult,
    UnassignObject,
    UpdateCase,
    UpdateEvidence,
    UpdateObject,
)
from app.mipin.casework.session import CaseSession, load_session
from app.mipin.evidence.records import EvidenceRecord
from app.store import audit
from tests.hypo import SLOW_FIXTURES, examples

NAMES = st.sampled_from(["甲", "乙", "丙", " 丁 ", ""])
UNITS = st.sampled_from(["NC-1", "NC-2", "NC-3", "AD-4", "AD-6", "PE-1", "PE-3", "MS-1", "PM-2", "XX-9", "nc-1"])
INDEX = st.none() | st.sampled_from([0, 1, 5, -1])
TIMES = st.sampled_from(
    [datetime(2026, 9, 15, 10, 0, tzinfo=LOCAL_ZONE), datetime(2026, 9, 16, 8, 30, 5, tzinfo=LOCAL_ZONE)]
)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "D": st.sampled_from(["√", "×", "/", "pass", None, "", "?", 1]),
    "A": st.sampled_from(["√", "×", "/", None, "fail"]),
    "K": st.sampled_from(["√", "×", "/", None]),
    "algorithms": st.sampled_from([["SM4"], ["sm2", "SM3"], "RSA-1024, AES-256", [], ["NOPE"], "SM4"]),
    "protocols": st.sampled_from([["TLCP"], [], ["TLS 9"]]),
    "module_level": st.sampled_from([1, 2, "3", None, 7, True]),
    "key_hazards": st.sampled_from([[], ["H-1"], [""], "x"]),
    "ra": st.sampled_from([1, 0.5, "0.2", None, 0.7, "x"]),
    "rk": st.sampled_from([1, 1.2, "1.5", None, 2]),
    "record": st.sampled_from(["", "记录", None, 3]),
    "colour": st.just("red"),
}


@st.composite
def object_field(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(sorted(FIELD_VALUES)))
    return name, draw(FIELD_VALUES[name])


def evidence_records() -> st.SearchStrategy[EvidenceRecord]:
    method = st.sampled_from([("访谈", 1), ("工具测试", 2), ("工具测试", 1), ("未知方式", 1)])
    return st.builds(
        lambda sha, unit, obj, how, at, observed: EvidenceRecord(
            sha, "证据.png", 10, "screenshot", how[0], how[1], unit, obj, details={"observed": observed}, added_at=at
        ),
        st.sampled_from(["a" * 64, "b" * 64, "xyz"]),
        st.none() | UNITS,
        st.none() | NAMES,
        method,
        TIMES,
        st.sampled_from([{}, {"D": "×"}, {"Q": "√"}]),
    )


SHAS = st.sampled_from(["a" * 64, "b" * 64])
HEADER_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "system_name": st.sampled_from(["新名称", "  ", "差分系统"]),
        "level": st.sampled_from([2, 3, 4, 5]),
        "threshold": st.sampled_from([70, 60.5, "sixty", 101, float("nan")]),
        "period_start": st.sampled_from(["2026-09-01", "2026-10-01", None, "31/9"]),
        "period_end": st.sampled_from(["2026-09-30", None]),
        "phases": st.sampled_from(
            [{}, {"现场测评": ["2026-09-15", "2026-09-26"]}, {"现场测评": ["2026-09-26", "2026-09-15"]}]
        ),
        "client": st.sampled_from(["委托单位", 5]),
    },
)

STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    DefineObject: st.builds(DefineObject, NAMES, st.sampled_from(["", "网络设备"]), st.just(""), INDEX),
    UpdateObject: st.builds(UpdateObject, NAMES, st.none() | NAMES, st.none() | st.sampled_from(["", "数据库"])),
    DeleteObject: st.builds(DeleteObject, NAMES),
    AssignObject: st.builds(AssignObject, UNITS, NAMES, INDEX),
    UnassignObject: st.builds(UnassignObject, UNITS, NAMES),
    SetObjectField: st.builds(lambda u, n, fv: SetObjectField(u, n, *fv), UNITS, NAMES, object_field()),
    SetObjectFields: st.builds(
        lambda u, n, fvs: SetObjectFields(u, n, dict(fvs)), UNITS, NAMES, st.lists(object_field(), max_size=3)
    ),
    SetUnitResult: st.builds(
        SetUnitResult, UNITS, st.sampled_from(["符合", "partial", "不符合", "不适用", None, "bogus", 3])
    ),
    SetUnitRecord: st.builds(SetUnitRecord, UNITS, st.sampled_from(["", "记录一", "记录二", 5])),
    SetChecklist: st.builds(SetChecklist, UNITS, st.sampled_from([[], [0, 2], [2, 0, 2], [-1], ["a"]])),
    SetApplicable: st.builds(SetApplicable, UNITS, st.booleans(), st.sampled_from(["", "不涉及", "  "])),
    AddUnitEntry: st.builds(AddUnitEntry, UNITS, INDEX),
    RemoveUnitEntry: st.builds(RemoveUnitEntry, UNITS),
    SetRiskDecision: st.builds(
        SetRiskDecision,
        st.sampled_from(["8.2", "7.1", "9.3", "5.1", "99"]),
        st.sampled_from(["DC-2", "NC-1", "AD-5", "XX-9"]),
        st.none() | NAMES,
        st.sampled_from([None, "confirmed", "mitigated", "dismissed", "added", "x"]),
        st.sampled_from(["", "理由"]),
        st.sampled_from(["", "缓解"]),
        TIMES,
        INDEX,
    ),
    SetRiskRating: st.builds(
        SetRiskRating, UNITS, st.sampled_from(["高", "中", "x"]), st.sampled_from(["低", "中"]), st.just("说明")
    ),
    DeleteRiskRating: st.builds(DeleteRiskRating, UNITS),
    SetCompensation: st.builds(
        SetCompensation,
        st.sampled_from(["NC-2", "AD-6", "NC-3", "AD-4", "PE-1"]),
        NAMES,
        st.sampled_from(["NC-2", "AD-6", "NC-3", "AD-4"]),
        NAMES,
        st.booleans(),
        INDEX,
    ),
    AddEvidence: st.builds(AddEvidence, evidence_records()),
    DeleteEvidence: st.builds(DeleteEvidence, SHAS, st.none() | UNITS, st.none() | NAMES),
    UpdateEvidence: st.builds(
        UpdateEvidence,
        SHAS,
        st.none() | UNITS,
        st.none() | NAMES,
        st.sampled_from([{"method": "访谈"}, {"note": "备注"}, {"observed": {"D": "×"}}, {"colour": 1}, {}]),
    ),
    UpdateCase: st.builds(UpdateCase, HEADER_VALUES),
    SetArchived: st.builds(SetArchived, st.booleans()),
}
SINGLE: st.SearchStrategy[CaseCommand] = st.one_of(*STRATEGIES.values())
COMMANDS = SINGLE | st.builds(lambda edits: Batch(tuple(edits)), st.lists(SINGLE, min_size=1, max_size=3))


def test_the_strategies_cover_every_edit_class() -> None:
    """A new edit class needs a strategy above, so the differential test covers it."""
    assert set(STRATEGIES) == set(EDITS)


def snapshot(session: CaseSession) -> dict[str, Any]:
    """Everything the case holds, in its order."""
    return {
        "header": asdict(session.header),
        "objects": [asdict(o) for o in session.objects],
        "units": [asdict(u) for u in session.units.values()],
        "compensations": [asdict(c) for c in session.compensations],
        "decisions": [asdict(d) for d in session.decisions],
        "ratings": {k: asdict(v) for k, v in session.ratings.items()},
        "evidence": [asdict(e) for e in session.evidence],
    }


def _outcome(run: Any) -> tuple[str, Any]:
    try:
        return "ok", run()
    except InputError as exc:
        return "refused", exc.field


@pytest.fixture
def start_case(store) -> Any:
    """A factory of small cases to start from: two objects, results, a decision, a rating, evidence."""
    editor = CaseEditor(store, actor="differential")

    def make() -> int:
        case_id = create_case(store, CaseHeader(system_name="差分系统", level=3))
        setup: list[CaseCommand] = [
            DefineObject("甲", "网络设备"), DefineObject("乙"), AssignObject("NC-2", "甲"), AssignObject("AD-6", "乙"),
            SetObjectFields("NC-2", "甲", {"D": "√", "A": "√", "K": "×"}), SetUnitResult("MS-1", "部分符合"),
            SetRiskDecision("8.2", "DC-2", None, "confirmed", "理由", "", datetime(2026, 9, 1, tzinfo=LOCAL_ZONE)),
            SetRiskRating("MS-1", "中", "高"), SetCompensation("NC-2", "甲", "AD-6", "乙", True),
            AddEvidence(EvidenceRecord("a" * 64, "a.png", 1, "screenshot", "访谈", 1, "NC-2", "甲",
                                       added_at=datetime(2026, 9, 2, tzinfo=LOCAL_ZONE))),
        ]  # fmt: skip
        for command in setup:
            editor.apply(case_id, command)
        return case_id

    return store, editor, make


@settings(max_examples=examples(60), suppress_health_check=SLOW_FIXTURES)
@given(commands=st.lists(COMMANDS, min_size=1, max_size=25), store_first=st.booleans())
def test_session_and_store_agree_step_by_step_and_undo_to_the_start(start_case, commands, store_first) -> None:
    store, editor, make = start_case
    case_id = make()
    session = load_session(store, case_id)
    start = snapshot(session)
    undo: list[CaseCommand] = []
    for command in commands:
        if store_first:
            stored = _outcome(lambda c=command: editor.apply(case_id, c))
            local = _outcome(lambda c=command: session.apply(c))
        else:
            local = _outcome(lambda c=command: session.apply(c))
            stored = _outcome(lambda c=command: editor.apply(case_id, c))
        event(f"{type(command).__name__}: {local[0]}")
        assert local[0] == stored[0], (command, local, stored)
        if local[0] == "refused":
            assert local[1] == stored[1], (command, local, stored)
        else:
            undo.append(local[1])
        assert snapshot(session) == snapshot(load_session(store, case_id)), command
    for inverse in reversed(undo):
        session.apply(inverse)
        editor.apply(case_id, inverse)
    assert snapshot(session) == start
    assert snapshot(load_session(store, case_id)) == start
    assert audit.verify(store, case_id).ok
    export_case(store, case_id)  # the start is a valid mipin-case/1 again
