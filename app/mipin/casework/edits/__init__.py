"""Every edit of a case, one typed class each (see :mod:`app.core.edits` for the mechanism).

The GUI's undo stack, the CLI and the tests build these values; :meth:`CaseSession.apply
<app.mipin.casework.session.CaseSession.apply>` applies one to the open case in memory and
returns its inverse, and :meth:`CaseEditor.apply <app.mipin.casework.editor.CaseEditor.apply>`
writes the same value to the store in one transaction with its audit records. Each class has
one ``validate`` that both run, so they accept exactly the same edits.
"""

from app.core.edits import Batch, Change
from app.mipin.casework.edits.base import NOOP, CaseCommand, CaseEdit, batch
from app.mipin.casework.edits.caseheader import SetArchived, UpdateCase
from app.mipin.casework.edits.entries import AssignObject, SetObjectField, SetObjectFields, UnassignObject
from app.mipin.casework.edits.evidence import AddEvidence, DeleteEvidence, UpdateEvidence
from app.mipin.casework.edits.objects import DefineObject, DeleteObject, UpdateObject
from app.mipin.casework.edits.risks import DeleteRiskRating, SetCompensation, SetRiskDecision, SetRiskRating
from app.mipin.casework.edits.units import (
    AddUnitEntry,
    RemoveUnitEntry,
    SetApplicable,
    SetChecklist,
    SetUnitRecord,
    SetUnitResult,
)

EDITS: tuple[type[CaseEdit], ...] = (
    DefineObject, UpdateObject, DeleteObject, AssignObject, UnassignObject, SetObjectField, SetObjectFields,
    SetUnitResult, SetUnitRecord, SetChecklist, SetApplicable, AddUnitEntry, RemoveUnitEntry,
    SetRiskDecision, SetRiskRating, DeleteRiskRating, SetCompensation,
    AddEvidence, DeleteEvidence, UpdateEvidence,
    UpdateCase, SetArchived,
)  # fmt: skip
"""Every case edit class (the audit actions are their ``action`` names)."""

__all__ = [
    "EDITS",
    "NOOP",
    "AddEvidence",
    "AddUnitEntry",
    "AssignObject",
    "Batch",
    "CaseCommand",
    "CaseEdit",
    "Change",
    "DefineObject",
    "DeleteEvidence",
    "DeleteObject",
    "DeleteRiskRating",
    "RemoveUnitEntry",
    "SetApplicable",
    "SetArchived",
    "SetChecklist",
    "SetCompensation",
    "SetObjectField",
    "SetObjectFields",
    "SetRiskDecision",
    "SetRiskRating",
    "SetUnitRecord",
    "SetUnitResult",
    "UnassignObject",
    "UpdateCase",
    "UpdateEvidence",
    "UpdateObject",
    "batch",
]
