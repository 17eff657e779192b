"""Writing case edits to the store: one transaction per edit (or batch), with its audit records.

The GUI's writer thread, the crash-safety tests and the CLI all change cases through
:meth:`CaseEditor.apply`, the store side of the single write path. It validates every step of
the edit against the stored rows with the edit's one validation (naming the field on error,
writing nothing), writes it, bumps the case's ``updated_at`` and appends one hash-chained audit
record per changed step — all in one transaction, a batch included.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import clock
from app.core.edits import Change, write_edit
from app.core.errors import NotFoundError
from app.mipin.casework.edits import CaseCommand
from app.mipin.casework.rows import StoredCase
from app.mipin.engine import Catalogue, load_catalogue
from app.mipin.tables import Case
from app.store import audit
from app.store.store import Store

__all__ = ["CaseEditor"]


class CaseEditor:
    """Writes case edits to the store.

    Args:
        store: The case store (its single writer serialises the transactions).
        actor: Name recorded in the audit log (default: the OS user).
        catalogue: The indicator catalogue the edits are validated against (default: the bundled one).
    """

    def __init__(self, store: Store, actor: str = "", catalogue: Catalogue | None = None) -> None:
        self.store = store
        self.actor = actor or audit.current_actor()
        self.catalogue = catalogue or load_catalogue()

    def apply(self, case_id: int, command: CaseCommand) -> list[Change]:
        """Validate and write ``command`` (an edit or a batch) to case ``case_id`` in one transaction.

        Returns:
            What each step changed (steps that changed nothing leave no audit record).

        Raises:
            NotFoundError: No such case.
            InputError: A step is invalid; nothing was written.
            StoreError: The write failed (disk full, read-only, locked); nothing was written.
        """

        def run(s: Session) -> list[Change]:
            case = s.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"case {case_id} does not exist")
            changes = write_edit(command, StoredCase(s, case, self.catalogue))
            changed = [c for c in changes if c.changed]
            for change in changed:
                audit.append(s, case_id, change.action, change.target, change.old, change.new, self.actor)
            if changed:
                case.updated_at = clock.now_seconds()
            return changes

        return self.store.write(run)
