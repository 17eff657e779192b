"""The open case behind the 测评检查表 and 高风险判定 tabs: edits, undo, live score, writes.

:class:`CaseController` keeps the current case in memory (:class:`app.mipin.casework.session.CaseSession`).
An edit is applied locally, the case is re-scored at once (the engine takes a few milliseconds)
and views repaint from ``changed``; the same edit is then written through
:meth:`app.mipin.casework.editor.CaseEditor.apply` on the runner's one-thread writer pool. Every edit is a
:class:`EditCommand` on the QUndoStack, and undo is simply the inverse edit, written the same way.

If a write fails, the local edit is reverted at once and ``write_failed`` carries the error;
when the writer queue is empty the case is reloaded from the store (the truth) and the undo
history is cleared, so the screen never shows something that was not saved.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.errors import InputError, NotFoundError
from app.mipin.cases import PHASES, CaseHeader
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import CaseCommand, UpdateCase
from app.mipin.casework.session import CaseSession, load_session
from app.mipin.engine import ScoreResult
from ui.casework.undo import AppliedEditCommand
from ui.services import UiServices

log = logging.getLogger(__name__)

_MERGE_ID = 4711
_MERGE_WINDOW_S = 5.0


class EditCommand(AppliedEditCommand[CaseCommand]):
    """One undoable edit: ``op`` forwards, ``inverse`` backwards (both computed on apply).

    Args:
        controller: The controller that applies and writes.
        op: The edit, already applied locally when the command is pushed.
        inverse: Its inverse.
        text: Undo menu text.
        merge_key: Consecutive commands with the same key (typing into one 结果记录) merge.
    """

    def __init__(
        self, controller: CaseController, op: CaseCommand, inverse: CaseCommand, text: str, merge_key: str = ""
    ) -> None:
        super().__init__(op, inverse, text)
        self.controller = controller
        self.merge_key = merge_key
        self.last_change = time.monotonic()

    def write(self, op: CaseCommand) -> None:
        """Write the case edit (with its inverse, to revert it locally should the write fail)."""
        self.controller.write(op, self.inverse)

    def apply(self, op: CaseCommand) -> CaseCommand:
        """Apply and write the case edit."""
        return self.controller.apply(op)

    def id(self) -> int:
        """Record edits merge; everything else stays a step of its own."""
        return _MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Merge a following edit of the same text (within a few seconds) into this step."""
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        if other.last_change - self.last_change > _MERGE_WINDOW_S:
            return False
        self.op = other.op
        self.last_change = other.last_change
        return True


class CaseController(QObject):
    """Owns the open case, its undo stack and its writes.

    Args:
        services: Store and runner.
        parent: Owner.
    """

    about_to_change_case = Signal()
    case_loaded = Signal()
    changed = Signal()
    commit_requested = Signal()
    """Views commit input still being typed (before an export, a save of the window state …)."""
    reveal_requested = Signal(str, str)
    """A view asks to show a unit (and an object, or "") of the open case; the 测评检查表 shows it."""
    rejected = Signal(str)
    write_failed = Signal(object)

    def __init__(self, services: UiServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = CaseEditor(services.store)
        self.session: CaseSession | None = None
        self.result: ScoreResult | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("case_undo_stack")
        self._pending = 0
        self._failed = False

    # ------------------------------------------------------------------ opening
    @property
    def case_id(self) -> int | None:
        """The open case, or None."""
        return self.session.case_id if self.session else None

    def open_case(self, case_id: int | None, *, force: bool = False, session: CaseSession | None = None) -> None:
        """Load ``case_id`` (no-op if already open unless ``force``) and score it.

        Args:
            case_id: The case to open (None: none).
            force: Re-read it even if it is open (after a restore or a failed write).
            session: ``case_id`` already loaded off the GUI thread (at start-up).
        """
        if case_id == self.case_id and not force:
            return
        self.about_to_change_case.emit()  # views commit pending input to the case still open
        self.services.runner.wait(30_000)  # finish writes of the previous case first
        self.undo_stack.clear()
        self.session = None
        if session is not None and session.case_id == case_id:
            self.session = session
        elif case_id is not None:
            try:
                self.session = load_session(self.services.store, case_id)
            except NotFoundError:
                self.session = None
        self._rescore()
        self.case_loaded.emit()

    def reload(self) -> None:
        """Re-read the open case from the store (after a failed write or an outside change)."""
        self.open_case(self.case_id, force=True)

    def flush(self) -> None:
        """Commit text still being typed and wait until every edit is written."""
        self.commit_requested.emit()
        self.services.runner.wait(30_000)

    def request_reveal(self, unit_id: str, object_name: str = "") -> None:
        """Ask the views to show ``unit_id`` (and ``object_name``) of the open case."""
        self.reveal_requested.emit(unit_id, object_name)

    # ------------------------------------------------------------------ editing
    def edit(self, op: CaseCommand, text: str, merge_key: str = "") -> bool:
        """Apply ``op`` now, re-score, and push it as an undoable step; False if it was refused."""
        if self.session is None:
            return False
        try:
            inverse = self.session.apply(op)
        except InputError as exc:
            self.rejected.emit(exc.user_message())
            return False
        if inverse.empty:  # nothing changed: no re-score, no undo step
            return True
        self._rescore()
        self.changed.emit()
        self.undo_stack.push(EditCommand(self, op, inverse, text, merge_key))
        return True

    def apply(self, op: CaseCommand) -> CaseCommand:
        """Apply ``op`` locally, write it, and return its inverse (used by undo and redo)."""
        assert self.session is not None
        try:
            inverse = self.session.apply(op)
        except InputError as exc:  # the local state no longer matches: reload from the store
            log.warning("undo/redo could not be applied: %s", exc)
            self.rejected.emit(exc.user_message())
            self._failed = True
            QTimer.singleShot(0, self._recover)
            return op
        self._rescore()
        self.changed.emit()
        self.write(op, inverse)
        return inverse

    def write(self, op: CaseCommand, revert: CaseCommand) -> None:
        """Persist ``op`` on the writer pool; on failure apply ``revert`` locally."""
        assert self.session is not None
        session, case_id = self.session, self.session.case_id
        self._pending += 1
        self.services.runner.run(
            lambda: self.editor.apply(case_id, op),
            on_success=self._on_written,
            on_error=partial(self._on_write_failed, session, revert),
            writer=True,
        )

    def run_writer(self, fn: Callable[[], object], on_success: Callable[[object], None]) -> None:
        """Run other store work (evidence copies) on the writer pool, reporting failures alike."""
        self.services.runner.run(fn, on_success=on_success, on_error=self.write_failed.emit, writer=True)

    @Slot(object)
    def _on_written(self, _result: object) -> None:
        self._pending -= 1
        if self._pending == 0 and self._failed:
            QTimer.singleShot(0, self._recover)

    def _on_write_failed(self, session: CaseSession, revert: CaseCommand, exc: BaseException) -> None:
        self._pending -= 1
        self._failed = True
        if session is self.session:
            with contextlib.suppress(InputError):  # the reload below restores the stored state anyway
                session.apply(revert)
            self._rescore()
            self.changed.emit()
        self.write_failed.emit(exc)
        if self._pending == 0:
            QTimer.singleShot(0, self._recover)

    @Slot()
    def _recover(self) -> None:
        if not self._failed or self._pending:
            return
        self._failed = False
        self.reload()

    def _rescore(self) -> None:
        self.result = self.session.score() if self.session else None


def header_of(session: CaseSession) -> CaseHeader:
    """The open case's header as the new-case dialog edits it."""
    h = session.header
    phases = {}
    for phase, value in h.phases.items():
        if phase in PHASES and isinstance(value, list | tuple) and len(value) == 2:
            phases[phase] = tuple(date.fromisoformat(v) if v else None for v in value)
    return CaseHeader(
        system_name=h.system_name, level=h.level, client=h.client, assessor=h.assessor, report_no=h.report_no,
        period_start=h.period_start, period_end=h.period_end, phases=phases, threshold=h.threshold,  # type: ignore[arg-type]
    )  # fmt: skip


def header_update(session: CaseSession, header: CaseHeader) -> CaseCommand | None:
    """The ``update_case`` edit that turns the open case's header into ``header`` (None: no change)."""
    wanted = {
        "system_name": header.system_name,
        "level": header.level,
        "client": header.client,
        "assessor": header.assessor,
        "report_no": header.report_no,
        "period_start": header.period_start,
        "period_end": header.period_end,
        "phases": {p: [d.isoformat() if d else None for d in header.phases[p]] for p in PHASES if p in header.phases},
    }
    current = session.header
    changed = {k: v for k, v in wanted.items() if getattr(current, k) != v}
    return UpdateCase(changed) if changed else None
