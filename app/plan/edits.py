"""The plan's typed edits: one class per edit, on the mechanism of :mod:`app.core.edits`.

Each edit validates once against a :class:`PlanState` (the tab's in-memory plan and the stored
plan inside a write transaction are both one), :meth:`apply` returns the inverse (so undo is
just another edit), and :meth:`write` returns the audit :class:`~app.core.edits.Change`.
:func:`write_plan_edit` runs a command in one :meth:`~app.store.store.Store.write` transaction:
it reads the stored plan, writes every step, stores the validated document and appends one audit
record per changed step.

The edits:

* :class:`SetItemField` — one field of one item (measure, cost, owner, selection, targets …);
  a user's change marks the item ``edited`` (regeneration then keeps it), a toggle of
  ``selected`` does not; an item sharing a measure follows its owner's targets.
* :class:`SetRow` — one row of the key-lifecycle, product or 安全与合规性分析 table.
* :class:`SetReviewResult` — the reviewer's result and note for one check of the latest review
  (the conclusion follows: 通过 only when every must check is 符合).
* :class:`ReplacePlan` — the whole plan (从测评结果生成, a review appended, a file loaded).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

from sqlalchemy.orm import Session

from app.core.edits import Change, Command, Edit, write_edit
from app.core.errors import InputError
from app.plan.costs import MAX_AMOUNT
from app.plan.model import (
    PHASES,
    PRIORITIES,
    REVIEW_FIX,
    REVIEW_PASS,
    TARGET_FIELDS,
    ComplianceRow,
    KeyLifecycleRow,
    Plan,
    PlanItem,
    ProductRow,
    sync_shared,
)
from app.plan.plandump import dump_plan
from app.plan.planformat import parse_plan
from app.plan.repository import plan_changes
from app.store import audit
from app.store.store import Store

__all__ = ["PlanState", "ReplacePlan", "SetItemField", "SetReviewResult", "SetRow", "write_plan_edit"]

MARKS = ("√", "×", "/")
RESULTS = ("符合", "部分符合", "不符合")
TEXT_FIELDS = ("measure", "owner", "cost_note", "note", "problem")
EDITABLE = (*TEXT_FIELDS, "cost", "target_date", "phase", "priority", "selected", *TARGET_FIELDS[:4])
"""The item fields :class:`SetItemField` may change."""
SECTIONS: dict[str, type] = {"key_lifecycle": KeyLifecycleRow, "products": ProductRow, "compliance": ComplianceRow}
"""The plan's tables :class:`SetRow` may change, with their row type."""


class PlanState:
    """A plan being edited: the tab's copy, or the stored one inside a write transaction."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def item(self, key: str) -> PlanItem:
        """The item ``key``.

        Raises:
            InputError: No such item.
        """
        item = self.plan.item(key)
        if item is None:
            raise InputError(f"items[{key}]", "方案中没有此条目")
        return item


PlanCommand: TypeAlias = "Command[PlanState, PlanState]"


def _check_plain(where: str, name: str, value: Any) -> None:
    """The checks that depend on the field alone."""
    if name in TEXT_FIELDS and not isinstance(value, str):
        raise InputError(where, "应为文本")
    if name == "selected" and not isinstance(value, bool):
        raise InputError(where, "应为 true 或 false")
    if name == "phase" and value not in PHASES:
        raise InputError(where, "应为 " + " 或 ".join(PHASES))
    if name == "priority" and value not in PRIORITIES:
        raise InputError(where, "应为 " + "、".join(PRIORITIES))
    if name == "target_date" and value is not None and not isinstance(value, date):
        raise InputError(where, "应为日期")
    bad_cost = not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= MAX_AMOUNT
    if name == "cost" and value is not None and bad_cost:
        raise InputError(where, f"应为 0 到 {MAX_AMOUNT} 之间的金额（万元）")


def _check_item(where: str, item: PlanItem, name: str, value: Any) -> None:
    """The checks that depend on the item: its kind, and whether it shares another's measure."""
    if item.shared_with is not None and (name in TARGET_FIELDS or (name == "cost" and value is not None)):
        what = "目标随该条目变化" if name in TARGET_FIELDS else "费用在该条目中填写（只计一次）"
        raise InputError(where, f"与“{item.shared_with}”为同一措施，{what}")
    if name in ("target_d", "target_a", "target_k"):
        if item.object is None:
            raise InputError(where, "管理单元的条目没有 D/A/K 目标")
        if value not in MARKS:
            raise InputError(where, "应为 √、× 或 /")
    if name == "target_result" and (item.object is not None or value not in (*RESULTS, None)):
        raise InputError(where, "应为 " + "、".join(RESULTS) + "（仅管理单元）")


def _check_value(item: PlanItem, name: str, value: Any) -> None:
    where = f"items[{item.key}].{name}"
    if name not in EDITABLE:
        raise InputError(where, "不能修改此字段")
    _check_plain(where, name, value)
    _check_item(where, item, name, value)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class SetItemField(Edit[PlanState, PlanState]):
    """Set one field of one item.

    Attributes:
        key: The item.
        name: The field (one of :data:`EDITABLE`).
        value: The new value (a :class:`~decimal.Decimal` cost, a :class:`~datetime.date` …).
        edited: The item's ``edited`` flag afterwards (None: set it, unless the field is
            ``selected``); the inverse restores the old flag.
    """

    action: ClassVar[str] = "plan.set_item_field"
    key: str
    name: str
    value: Any
    edited: bool | None = None

    def validate(self, view: PlanState) -> None:
        """The item exists and the value fits the field."""
        _check_value(view.item(self.key), self.name, self.value)

    def _change(self, state: PlanState) -> tuple[PlanItem, PlanItem]:
        old = state.item(self.key)
        edited = self.edited if self.edited is not None else (old.edited or self.name != "selected")
        new = replace(old, **{self.name: self.value, "edited": edited})
        items = tuple(new if i.key == self.key else i for i in state.plan.items)
        state.plan = replace(state.plan, items=sync_shared(items))
        return old, new

    def apply(self, state: PlanState) -> PlanCommand:
        """Change the item (and the items sharing its measure); the inverse restores it."""
        old, _ = self._change(state)
        return SetItemField(self.key, self.name, getattr(old, self.name), old.edited)

    def write(self, rows: PlanState) -> Change:
        """Change the stored item; the change names the item and field."""
        old, _new = self._change(rows)
        return Change(self.action, f"items[{self.key}].{self.name}", _json(getattr(old, self.name)), _json(self.value))


def _row_json(row: Any) -> Any:
    if row is None:
        return None
    return {f.name: _json(getattr(row, f.name)) for f in fields(row)}


@dataclass(frozen=True)
class SetRow(Edit[PlanState, PlanState]):
    """Replace, append (``index`` = length) or remove (``row`` None) one row of a plan table.

    Attributes:
        section: ``key_lifecycle``, ``products`` or ``compliance``.
        index: The row's position.
        row: The new row (its section's type), or None to remove the row.
    """

    action: ClassVar[str] = "plan.set_row"
    section: str
    index: int
    row: Any
    inserted: bool = False

    def validate(self, view: PlanState) -> None:
        """The section exists, the index is within it, the row has the section's type."""
        kind = SECTIONS.get(self.section)
        if kind is None:
            raise InputError(self.section, "不是方案的表格")
        rows = getattr(view.plan, self.section)
        limit = len(rows) + (1 if self.row is not None else 0)
        if not 0 <= self.index < limit:
            raise InputError(f"{self.section}[{self.index}]", "没有此行")
        if self.row is not None and not isinstance(self.row, kind):
            raise InputError(f"{self.section}[{self.index}]", "行的类型不对")
        if self.row is not None:  # the document's own rules for the row (verdicts, dates, levels …)
            trial = PlanState(view.plan)
            self._change(trial)
            parse_plan(dump_plan(trial.plan))

    def _change(self, state: PlanState) -> tuple[Any, bool]:
        rows = list(getattr(state.plan, self.section))
        old = rows[self.index] if self.index < len(rows) else None
        if self.row is None:
            del rows[self.index]
        elif old is None or self.inserted:
            rows.insert(self.index, self.row)
            old = None
        else:
            rows[self.index] = self.row
        changes: dict[str, Any] = {self.section: tuple(rows)}
        state.plan = replace(state.plan, **changes)
        return old, old is None

    def apply(self, state: PlanState) -> PlanCommand:
        """Change the table; the inverse puts the old row back (or removes the added one)."""
        old, added = self._change(state)
        if added:
            return SetRow(self.section, self.index, None)
        return SetRow(self.section, self.index, old, inserted=self.row is None)

    def write(self, rows: PlanState) -> Change:
        """Change the stored table."""
        old, _ = self._change(rows)
        return Change(self.action, f"{self.section}[{self.index}]", _row_json(old), _row_json(self.row))


@dataclass(frozen=True)
class SetReviewResult(Edit[PlanState, PlanState]):
    """The reviewer's result and note for one check of the latest review (its conclusion follows).

    Only the latest review can change: the earlier ones are the history.

    Attributes:
        number: The review (must be the latest).
        check: The check id.
        result: 符合 or 需修改.
        note: The reviewer's note (required when the result differs from the automatic one).
    """

    action: ClassVar[str] = "plan.set_review_result"
    number: int
    check: str
    result: str
    note: str = ""

    def validate(self, view: PlanState) -> None:
        """The review is the latest, the check exists, the result is valid and argued when changed."""
        where = f"reviews[{self.number}].{self.check}"
        last = view.plan.last_review
        if last is None or last.number != self.number:
            raise InputError(where, "只能修改最近一次评估的结果（之前的评估是历史记录）")
        current = next((r for r in last.results if r.check == self.check), None)
        if current is None:
            raise InputError(where, "没有这一评估项")
        if self.result not in (REVIEW_PASS, REVIEW_FIX):
            raise InputError(where, f"结果应为 {REVIEW_PASS} 或 {REVIEW_FIX}")
        if self.result != current.auto and not self.note.strip():
            raise InputError(where, "改变自动评估结果时必须填写评估意见")

    def _change(self, state: PlanState) -> tuple[str, str]:
        from app.plan.review import conclude

        last = state.plan.last_review
        assert last is not None
        old = next(r for r in last.results if r.check == self.check)
        results = tuple(
            replace(r, result=self.result, note=self.note) if r.check == self.check else r for r in last.results
        )
        review = replace(last, results=results, conclusion=conclude(results))
        state.plan = replace(state.plan, reviews=(*state.plan.reviews[:-1], review))
        return old.result, old.note

    def apply(self, state: PlanState) -> PlanCommand:
        """Change the result; the inverse restores the old result and note."""
        result, note = self._change(state)
        return SetReviewResult(self.number, self.check, result, note)

    def write(self, rows: PlanState) -> Change:
        """Change the stored review."""
        result, note = self._change(rows)
        target = f"reviews[{self.number}].{self.check}"
        return Change(self.action, target, {"result": result, "note": note}, {"result": self.result, "note": self.note})


@dataclass(frozen=True)
class ReplacePlan(Edit[PlanState, PlanState]):
    """Replace the whole plan (regeneration, a review appended, a plan file loaded).

    Attributes:
        plan: The new plan (validated as a ``mipin-plan/1`` document).
        label: The audit action's detail (``generate``, ``review`` …).
    """

    action: ClassVar[str] = "plan.replace"
    plan: Plan
    label: str = "replace"

    def validate(self, view: PlanState) -> None:
        """The new plan is a valid document."""
        parse_plan(dump_plan(self.plan))

    def apply(self, state: PlanState) -> PlanCommand:
        """Take the new plan; the inverse restores the old one."""
        old, state.plan = state.plan, self.plan
        return ReplacePlan(old, self.label)

    def write(self, rows: PlanState) -> Change:
        """Take the new plan; the change lists what differs."""
        old, rows.plan = rows.plan, self.plan
        before, after = plan_changes(dump_plan(old), dump_plan(self.plan))
        return Change(f"{self.action}.{self.label}", "plan", before, after)


def write_plan_edit(store: Store, case_id: int, command: PlanCommand, actor: str = "") -> Plan:
    """Write ``command`` to case ``case_id``'s stored plan in one audited transaction.

    A case without a stored plan starts from an empty one. Steps that change nothing append no
    audit record; a command that changes nothing writes nothing.

    Raises:
        InputError: A step is invalid (nothing is written).
        NotFoundError: No such case.
    """
    from app.mipin.tables import Case
    from app.plan.tables import CasePlan

    def _write(s: Session) -> Plan:
        from app.core.clock import now_seconds
        from app.core.errors import NotFoundError

        if s.get(Case, case_id) is None:
            raise NotFoundError(f"case {case_id} does not exist")
        row = s.get(CasePlan, case_id)
        state = PlanState(parse_plan(dict(row.data)) if row is not None else Plan())
        changes = [c for c in write_edit(command, state) if c.changed]
        if not changes:
            return state.plan
        data = dump_plan(state.plan)
        parse_plan(data)  # never store what would not load again
        if row is None:
            s.add(CasePlan(case_id=case_id, data=data, updated_at=now_seconds()))
        else:
            row.data = data
            row.updated_at = now_seconds()
        for change in changes:
            audit.append(s, case_id, change.action, change.target, change.old, change.new, actor)
        return state.plan

    return store.write(_write)
