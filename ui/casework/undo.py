"""The undo step of an edit that is applied before it is pushed (case, plan and price-list edits).

The views apply an edit locally at once (so they repaint before the write), then push it onto
the shared QUndoStack. ``QUndoStack.push`` calls :meth:`~AppliedEditCommand.redo` straight away:
that first time the edit is only written; every later redo and undo applies it, which writes it
too, and keeps the inverse it returns.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtGui import QUndoCommand

Op = TypeVar("Op")


class AppliedEditCommand(QUndoCommand, Generic[Op]):
    """One undoable edit, already applied when pushed: ``op`` forwards, ``inverse`` backwards.

    Subclasses say how an edit is written (:meth:`write`) and applied (:meth:`apply`).

    Args:
        op: The edit, already applied locally.
        inverse: Its inverse.
        text: Undo menu text.
    """

    def __init__(self, op: Op, inverse: Op, text: str) -> None:
        super().__init__(text)
        self.op = op
        self.inverse = inverse
        self._pushed = False

    def write(self, op: Op) -> None:
        """Persist ``op``, which is already applied locally."""
        raise NotImplementedError

    def apply(self, op: Op) -> Op:
        """Apply ``op`` locally and write it; returns its inverse."""
        raise NotImplementedError

    def redo(self) -> None:
        """Apply the edit (the first time it is already applied: only write it)."""
        if not self._pushed:
            self._pushed = True
            self.write(self.op)
            return
        self.inverse = self.apply(self.op)

    def undo(self) -> None:
        """Apply the inverse edit."""
        self.op = self.apply(self.inverse)
