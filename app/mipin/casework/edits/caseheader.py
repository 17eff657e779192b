"""Edits of the case header (system, level, period, phases, threshold …) and of its archived flag."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.edits import Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import CaseCommand, CaseEdit, batch
from app.mipin.casework.edits.units import AddUnitEntry, RemoveUnitEntry
from app.mipin.casework.header import check_period, normalise_header
from app.mipin.casework.view import CaseView
from app.mipin.engine.catalogue import LEVEL_NAMES
from app.mipin.engine.factors import factor_error

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession


def _outside_level(view: CaseView, fields: Mapping[str, Any]) -> list[str]:
    """The units with an entry that are no test units of the level ``fields`` change to (none if no change)."""
    level = fields.get("level", view.level)
    if level == view.level:
        return []
    outside = []
    for unit_id in view.unit_ids():
        definition = view.catalogue.find_unit(unit_id)
        if definition is None or definition.at_level(level) is None:
            outside.append(unit_id)
    return outside


def _check_factors(view: CaseView, fields: Mapping[str, Any]) -> None:
    """A new level must allow every explicit Ra/Rk of the case (table 3: rk 1.5 only at level 4 …)."""
    level = fields.get("level", view.level)
    if level == view.level:
        return
    for unit_id, name, kind, value in view.explicit_factors():
        reason = factor_error("ra" if kind == "ra" else "rk", Decimal(str(value)), level, view.catalogue)
        if reason is not None:
            raise InputError(
                "system.level",
                f"测评单元 {unit_id} 的测评对象 “{name}” 给定 {kind} = {value:g}，而{reason}；请先修改该值再修改等级",
            )


@dataclass(frozen=True)
class UpdateCase(CaseEdit):
    """Change header fields: ``system_name``, ``level``, ``client``, ``assessor``, ``report_no``,
    ``threshold``, ``period_start``, ``period_end``, ``phases``.

    A change of level removes the blank entries of units the new level does not have, and is
    refused while such a unit still holds results (the case could not be exported otherwise).
    """  # noqa: D205 - the field list does not fit on one line

    values: Mapping[str, Any]
    action: ClassVar[str] = "update_case"

    def fields(self) -> dict[str, Any]:
        """The fields as stored (validated one by one)."""
        if not isinstance(self.values, Mapping):
            raise InputError("values", "must be an object of header fields")
        return normalise_header(self.values)

    def validate(self, view: CaseView) -> None:
        """Valid fields (:func:`~app.mipin.casework.header.normalise_header`), a period that does not run backwards,
        and no results in units the new level does not have.
        """  # noqa: D205
        fields = self.fields()
        check_period(fields, view.header_value)
        _check_factors(view, fields)
        for unit_id in _outside_level(view, fields):
            if view.unit_is_blank(unit_id) is False:
                raise InputError(
                    "system.level",
                    f"测评单元 {unit_id} 不属于{LEVEL_NAMES[fields['level']]}的测评指标，但已有测评记录；"
                    "请先清除其记录再修改等级",
                )

    def apply(self, state: CaseSession) -> CaseCommand:
        """Change the header; the inverse changes it back (and restores removed blank unit entries)."""
        fields = self.fields()
        old = {key: state.header_value(key) for key in fields}
        order = list(state.units)
        dropped = [(order.index(u), u) for u in _outside_level(state, fields)]
        for key, value in fields.items():
            setattr(state.header, key, value)
        for _index, unit_id in dropped:
            del state.units[unit_id]
        state.touch()
        return batch(UpdateCase(old), *(AddUnitEntry(unit_id, index) for index, unit_id in dropped))

    def write(self, rows: StoredCase) -> Change:
        """Change the case row (and delete the blank entries of units outside the new level)."""
        fields = self.fields()
        old = {key: getattr(rows.case, key) for key in fields}
        dropped = _outside_level(rows, fields)
        for unit_id in dropped:
            RemoveUnitEntry(unit_id).write(rows)
        for key, value in fields.items():
            setattr(rows.case, key, value)
        new = {**fields, "removed_blank_units": dropped} if dropped else fields
        return Change(self.action, "case", old, new)


@dataclass(frozen=True)
class SetArchived(CaseEdit):
    """Archive the case (hidden from the case switcher) or bring it back."""

    archived: bool
    action: ClassVar[str] = "set_archived"

    def validate(self, view: CaseView) -> None:
        """A yes/no value."""
        if not isinstance(self.archived, bool):
            raise InputError("archived", "must be true or false")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Set the flag; the inverse sets the old one."""
        old = state.header.archived
        state.header.archived = self.archived
        state.touch()
        return SetArchived(old)

    def write(self, rows: StoredCase) -> Change:
        """Set the flag of the case row."""
        old = rows.case.archived
        rows.case.archived = self.archived
        return Change(self.action, "case", old, self.archived)
