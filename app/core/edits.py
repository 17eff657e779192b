"""The generic edit types: one typed class per edit, applied in memory and written to the store alike.

A domain defines each of its edits as a frozen dataclass deriving from :class:`Edit`, with

* :meth:`Edit.validate` — *the* validation, written once against the domain's read-only view of
  its data, which both the in-memory state and the stored rows provide;
* :meth:`Edit.apply` — the change of the in-memory state; returns the inverse edit (undo is just
  another edit);
* :meth:`Edit.write` — the change of the stored rows inside a write transaction; returns the
  :class:`Change` that goes into the audit log.

Nothing dispatches on names: an executor calls these three methods of the value it was given,
so only a class that implements them can run. :class:`Batch` groups edits into one step (one
undo step, one transaction). :func:`apply_edit` and :func:`write_edit` are the two executors;
each validates every step against the state the previous steps left.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar

from app.core.errors import InputError

__all__ = ["Batch", "Change", "Command", "Edit", "apply_edit", "steps", "write_edit"]

S = TypeVar("S")
"""The in-memory state an edit applies to."""
W = TypeVar("W")
"""The stored rows (inside a write transaction) an edit writes to."""


@dataclass(frozen=True)
class Change:
    """What one written edit changed, for the audit log.

    Attributes:
        action: The edit's :attr:`Edit.action`.
        target: What was changed (``unit:NC-1/object:VPN 网关/D`` …).
        old: The value before (JSON-ready).
        new: The value after (JSON-ready); equal to ``old`` when nothing changed.
    """

    action: str
    target: str
    old: Any
    new: Any

    @property
    def changed(self) -> bool:
        """Whether the edit changed anything (no audit record otherwise)."""
        return bool(self.old != self.new)


class Edit(ABC, Generic[S, W]):
    """One edit of a domain's data (a frozen dataclass in the domain package).

    Class attributes:
        action: The name in the audit log (``set_object_field`` …).
    """

    action: ClassVar[str]

    @abstractmethod
    def validate(self, view: S | W) -> None:
        """Check the edit against the data as it stands (the in-memory state or the stored rows).

        Raises:
            InputError: Naming the field; nothing has been changed.
        """

    @abstractmethod
    def apply(self, state: S) -> Command[S, W]:
        """Change the in-memory state (after :meth:`validate`) and return the inverse edit."""

    @abstractmethod
    def write(self, rows: W) -> Change:
        """Change the stored rows in the caller's transaction (after :meth:`validate`)."""

    @property
    def empty(self) -> bool:
        """Whether this edit is known to change nothing (only an empty :class:`Batch` is)."""
        return False


@dataclass(frozen=True)
class Batch(Generic[S, W]):
    """Several edits as one: one undo step, one transaction, applied in order, all or nothing.

    Attributes:
        edits: The edits (batches nest).
    """

    edits: tuple[Command[S, W], ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the batch holds no edit at all."""
        return all(edit.empty for edit in self.edits)


Command: TypeAlias = "Edit[S, W] | Batch[S, W]"
"""What the executors run: one edit, or a batch of them."""


def steps(command: Command[S, W]) -> Iterator[Edit[S, W]]:
    """The single edits of ``command`` in order (nested batches flattened)."""
    if isinstance(command, Batch):
        for inner in command.edits:
            yield from steps(inner)
    else:
        yield command


def _inverse(done: list[Command[S, W]]) -> Command[S, W]:
    undo = [inverse for inverse in reversed(done) if not inverse.empty]
    return undo[0] if len(undo) == 1 else Batch(tuple(undo))


def apply_edit(command: Command[S, W], state: S) -> Command[S, W]:
    """Validate and apply every step to ``state``; returns the inverse of the whole command.

    All or nothing: if a step is refused, the steps already applied are undone and the error
    is raised.

    Raises:
        InputError: A step is invalid; ``state`` is as it was.
    """
    done: list[Command[S, W]] = []
    try:
        for step in steps(command):
            step.validate(state)
            done.append(step.apply(state))
    except InputError:
        for inverse in reversed(done):
            for undo in steps(inverse):  # inverses are valid by construction
                undo.apply(state)
        raise
    return _inverse(done)


def write_edit(command: Command[S, W], rows: W) -> list[Change]:
    """Validate and write every step to ``rows`` in the caller's transaction; returns their changes.

    The caller's transaction makes it all or nothing: on an error it is rolled back.

    Raises:
        InputError: A step is invalid.
    """
    changes = []
    for step in steps(command):
        step.validate(rows)
        changes.append(step.write(rows))
    return changes
