"""What an edit's validation may ask about a case: the read-only view both sides provide.

:class:`CaseView` is implemented by the in-memory case (:class:`app.mipin.casework.session.CaseSession`)
and by the stored rows inside a write transaction (:class:`app.mipin.casework.rows.StoredCase`), so
every edit's one ``validate`` runs unchanged against either: the session accepts exactly what
the store accepts.
"""

from __future__ import annotations

from typing import Any, Protocol

from app.core.errors import InputError
from app.mipin.engine import Catalogue
from app.mipin.engine.definitions import UnitDef

EvidenceKey = tuple[str, str | None, str | None]
"""``(sha256, unit_id, object_name)``: what identifies an evidence item in its case."""
DecisionKey = tuple[str, str, str | None]
"""``(item, unit, object)``: what identifies a risk decision in its case."""
CompensationKey = tuple[str, str, str, str]
"""``(unit, object, from_unit, from_object)``."""
ExplicitFactor = tuple[str, str, str, float]
"""``(unit_id, object_name, "ra" or "rk", value)``: an Ra or Rk the assessor gave explicitly."""


class CaseView(Protocol):
    """Read-only facts about one case, as the in-memory session or the stored rows see it."""

    @property
    def catalogue(self) -> Catalogue:
        """The indicator catalogue."""
        ...

    @property
    def level(self) -> int:
        """The case's protection level."""
        ...

    def header_value(self, field: str) -> Any:
        """The present value of one header field (``period_start`` …)."""
        ...

    def has_object(self, name: str) -> bool:
        """Whether the case defines a test object called ``name``."""
        ...

    def has_entry(self, unit_id: str, name: str) -> bool:
        """Whether object ``name`` is assigned to unit ``unit_id``."""
        ...

    def unit_ids(self) -> list[str]:
        """The units that have an entry, in order."""
        ...

    def unit_is_blank(self, unit_id: str) -> bool | None:
        """None if the unit has no entry; else whether its entry is as a new one (nothing entered)."""
        ...

    def evidence_keys(self) -> set[EvidenceKey]:
        """The keys of the case's evidence items."""
        ...

    def decision_keys(self) -> set[DecisionKey]:
        """The keys of the case's risk decisions."""
        ...

    def compensation_keys(self) -> set[CompensationKey]:
        """The case's compensations."""
        ...

    def explicit_factors(self) -> list[ExplicitFactor]:
        """The explicit Ra/Rk values of the case's object entries (a level change must keep them valid)."""
        ...


def check_unit(view: CaseView, unit_id: object) -> UnitDef:
    """The catalogue definition of a unit the case may have an entry for.

    A unit of another level is accepted only if the case already has an entry for it (an older
    case whose level was changed); a new entry must be a test unit of the case's level.

    Raises:
        InputError: ``unit``: unknown, or not a test unit of the case's level.
    """
    definition = view.catalogue.find_unit(unit_id) if isinstance(unit_id, str) else None
    if definition is None:
        raise InputError("unit", f"未知的测评单元 {unit_id!r}")
    if definition.at_level(view.level) is None and unit_id not in view.unit_ids():
        raise InputError("unit", f"{unit_id} is not a test unit of level {view.level}")
    return definition


def check_technical(view: CaseView, unit_id: object) -> UnitDef:
    """:func:`check_unit`, and the unit must be technical (it has test objects)."""
    definition = check_unit(view, unit_id)
    if not definition.is_technical:
        raise InputError("unit", f"{unit_id} 是管理测评单元，不使用测评对象")
    return definition


def check_object(view: CaseView, name: object, field: str = "object") -> str:
    """A defined test object's name.

    Raises:
        InputError: No such object.
    """
    if not isinstance(name, str) or not view.has_object(name):
        raise InputError(field, f"no test object named {name!r} in this case")
    return name
