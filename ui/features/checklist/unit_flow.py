"""Unit-level decisions: 不适用 (always with a reason) and the management units' result."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from app.mipin.casework.edits import Batch, CaseCommand, SetApplicable, SetUnitResult
from ui.casework.controller import CaseController


class UnitActions(QObject):
    """N/A and result edits of the 测评检查表 (one undoable step each)."""

    message = Signal(str)

    def __init__(self, controller: CaseController, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.controller = controller
        self.parent_widget = parent_widget

    def set_not_applicable(self, unit_id: str, not_applicable: bool) -> bool:
        """Mark a unit 不适用 (asking for the reason; required) or applicable again."""
        session = self.controller.session
        state = session.unit(unit_id) if session else None
        if not not_applicable:
            ops: list[CaseCommand] = [SetApplicable(unit_id, True, "")]
            if state is not None and state.result == "不适用":
                ops.append(SetUnitResult(unit_id, None))
            return self.controller.edit(Batch(tuple(ops)), self.tr("%1 恢复为适用").replace("%1", unit_id))
        reason, ok = QInputDialog.getMultiLineText(
            self.parent_widget,
            self.tr("标记为不适用"),
            self.tr("%1 不适用的理由（必填，将写入报告）：").replace("%1", unit_id),
            state.na_reason if state else "",
        )
        if not ok:
            return False
        if not reason.strip():
            self.message.emit(self.tr("标记为不适用必须填写理由"))
            return False
        ops = [SetApplicable(unit_id, False, reason.strip())]
        if state is not None and state.result is not None:  # a result would contradict 不适用
            ops.insert(0, SetUnitResult(unit_id, None))
        return self.controller.edit(Batch(tuple(ops)), self.tr("%1 标记为不适用").replace("%1", unit_id))

    def set_result(self, unit_id: str, result: str) -> bool:
        """Set a management unit's 符合/部分符合/不符合 (不适用 goes through :meth:`set_not_applicable`)."""
        if result == "不适用":
            return self.set_not_applicable(unit_id, True)
        session = self.controller.session
        state = session.unit(unit_id) if session else None
        ops: list[CaseCommand] = []
        if state is not None and not state.applicable:
            ops.append(SetApplicable(unit_id, True, ""))
        ops.append(SetUnitResult(unit_id, result))
        return self.controller.edit(
            Batch(tuple(ops)), self.tr("%1 判为%2").replace("%1", unit_id).replace("%2", result)
        )
