"""One edit of a case as a value: the editor method it calls and its arguments.

:class:`Op` values are applied locally by :class:`app.mipin.casework.session.CaseSession` (which returns the
inverse ``Op`` for undo) and written by :func:`persist` through :class:`app.mipin.casework.editor.CaseEditor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.mipin.casework.editor import CaseEditor

__all__ = ["NOOP", "Op", "persist"]


@dataclass(frozen=True)
class Op:
    """One edit: a :class:`~app.mipin.casework.editor.CaseEditor` method name with its arguments (no case id).

    ``method == "batch"`` holds several ops in ``args[0]``; they are applied in order.
    """

    method: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def batch(ops: list[Op] | tuple[Op, ...]) -> Op:
        """Several ops as one edit (and one undo step)."""
        return Op("batch", (tuple(ops),))

    @property
    def empty(self) -> bool:
        """Whether the op changes nothing (an empty batch)."""
        return self.method == "batch" and all(op.empty for op in self.args[0])


NOOP = Op.batch(())


def persist(editor: CaseEditor, case_id: int, op: Op) -> None:
    """Write ``op`` to the store through the editor (a batch as consecutive transactions)."""
    if op.method == "batch":
        for sub in op.args[0]:
            persist(editor, case_id, sub)
        return
    getattr(editor, op.method)(case_id, *op.args, **dict(op.kwargs))
