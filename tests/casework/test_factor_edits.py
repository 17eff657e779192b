"""The casework edits refuse the Ra/Rk values a file may not contain (issue #10, 1: the engine's one rule)."""

from __future__ import annotations

import pytest

from app.core.errors import InputError
from app.mipin.cases import CaseHeader, create_case, export_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import AssignObject, DefineObject, SetObjectField, SetObjectFields, UpdateCase
from app.mipin.casework.session import load_session
from app.mipin.engine import parse_case
from app.store import audit
from app.store.store import Store


def _case(store: Store, level: int) -> int:
    editor = CaseEditor(store, actor="tester")
    case_id = create_case(store, CaseHeader(system_name=f"第{level}级系统", level=level))
    editor.apply(case_id, DefineObject("互联网边界"))
    editor.apply(case_id, AssignObject("NC-2", "互联网边界"))
    return case_id


@pytest.mark.parametrize(
    ("level", "field", "value", "message"),
    [
        (3, "rk", 1.5, "第3级只允许 1 或 1.2"),
        (3, "rk", "1.5", "第3级只允许 1 或 1.2"),
        (2, "rk", 1.2, "第2级只允许 1"),
        (1, "rk", "1.2", "第1级只允许 1"),
        (4, "rk", 1.2, "第4级只允许 1 或 1.5"),
        (3, "ra", 0.25, "只允许 1、0.5 或 0.2"),
        (3, "rk", "abc", "第3级只允许 1 或 1.2"),
        (3, "rk", True, "第3级只允许 1 或 1.2"),
    ],
)
def test_session_and_store_refuse_the_same_values(
    store: Store, level: int, field: str, value: object, message: str
) -> None:
    case_id = _case(store, level)
    session = load_session(store, case_id)
    edit = SetObjectField("NC-2", "互联网边界", field, value)
    with pytest.raises(InputError) as in_memory:
        session.apply(edit)
    before = len(audit.records(store, case_id))
    with pytest.raises(InputError) as stored:
        CaseEditor(store).apply(case_id, edit)
    assert str(in_memory.value) == str(stored.value) == f"{field}: {message}"
    assert len(audit.records(store, case_id)) == before  # nothing written


@pytest.mark.parametrize(("level", "rk"), [(3, 1.2), (4, 1.5), (3, 1), (1, 1), (3, "")])
def test_allowed_values_are_taken_and_export_cleanly(store: Store, level: int, rk: object) -> None:
    case_id = _case(store, level)
    CaseEditor(store).apply(case_id, SetObjectFields("NC-2", "互联网边界", {"D": "√", "A": "√", "K": "×", "rk": rk}))
    case = parse_case(export_case(store, case_id))  # the exchange file is valid: same rule
    unit = case.unit("NC-2")
    assert unit is not None
    assert (unit.objects[0].rk is None) == (rk == "")


def test_a_level_change_keeps_the_explicit_factors_valid(store: Store) -> None:
    case_id = _case(store, 4)
    editor = CaseEditor(store)
    editor.apply(case_id, SetObjectFields("NC-2", "互联网边界", {"D": "√", "A": "√", "K": "×", "rk": 1.5}))
    with pytest.raises(InputError) as info:
        editor.apply(case_id, UpdateCase({"level": 3}))
    assert info.value.field == "system.level"
    assert "rk = 1.5" in info.value.reason and "第3级只允许 1 或 1.2" in info.value.reason
    session = load_session(store, case_id)
    with pytest.raises(InputError, match=r"第3级只允许 1 或 1\.2"):
        session.apply(UpdateCase({"level": 3}))
    editor.apply(case_id, SetObjectField("NC-2", "互联网边界", "rk", 1))
    editor.apply(case_id, UpdateCase({"level": 3}))
    assert parse_case(export_case(store, case_id)).level == 3
