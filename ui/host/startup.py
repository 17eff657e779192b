"""Start-up after the first paint: open the store off the GUI thread, then install the features and show the case.

The window's frame is painted first (see :mod:`ui.builder`). :class:`Startup` then opens the
store on a worker (migrations, the demo on a first start, a PostgreSQL connection: each can take
a while), lists the cases and loads the case to show, while the status bar says what is going
on. Back on the GUI thread the services are handed to the window, the features install
themselves and the case is shown. A failure (a newer or corrupt database, an unreachable server,
an unknown ``--case``) is emitted as ``load_failed``; the caller shows it to the user.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from app.core.errors import InputError
from ui.host.protocol import Feature
from ui.services import UiServices

if TYPE_CHECKING:
    from app.bootstrap import CliContext
    from app.core.secrets import SecretStore
    from app.mipin.cases import CaseSummary
    from app.mipin.casework.session import CaseSession
    from app.store.store import Store
    from ui.host.window import MainWindow
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

FALLBACK_START_MS = 1500
"""Start loading after this long even if no paint event came (a window started minimised)."""


@dataclass(frozen=True)
class OpenedStore:
    """What the worker hands back to the GUI thread (plain values and the store service)."""

    store: Store
    secrets: SecretStore
    cases: list[CaseSummary]
    case_id: int | None
    session: CaseSession | None


def open_store(ctx: CliContext, wanted: int | None, last: int | None) -> OpenedStore:
    """Worker: open (migrate, seed) the store, list the cases and load the case to show first (no Qt).

    Args:
        ctx: The composition root's context.
        wanted: The case asked for on the command line (``--case``), if any.
        last: The case shown when the window was last closed.

    Raises:
        InputError: ``wanted`` is not a case of this store.
        WorkbenchError: The store cannot be opened (newer schema, corrupt file, server down).
    """
    from app.core.errors import NotFoundError
    from app.mipin.cases import list_cases
    from app.mipin.casework.session import load_session

    store = ctx.store
    secrets = ctx.secrets  # finding the keyring backend takes a moment too
    cases = list_cases(store)
    ids = [case.id for case in cases]
    if wanted is not None and wanted not in ids:
        raise InputError("--case", f"no case with id {wanted}")
    case_id = wanted if wanted is not None else (last if last in ids else (ids[0] if ids else None))
    session = None
    if case_id is not None:
        try:
            session = load_session(store, case_id)
        except NotFoundError:  # deleted by another process in between: the window opens it (or not) itself
            session = None
    return OpenedStore(store, secrets, cases, case_id, session)


class Startup(QObject):
    """Loads the window once it is painted.

    Args:
        window: The painted (or about to be painted) window.
        ctx: The composition root's context (paths, settings, the lazily opened store).
        runner: Runs the store opening off the GUI thread (a SyncRunner: at once).
        features: The features to install, in order.
        case_id: The case to show first (``--case``), else the last one shown.
    """

    def __init__(
        self,
        window: MainWindow,
        ctx: CliContext,
        runner: TaskRunner,
        features: Sequence[Feature],
        case_id: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.runner = runner
        self.features = tuple(features)
        self.case_id = case_id
        self.error: BaseException | None = None
        self._begun = False
        self._running = False
        window.installEventFilter(self)  # a close while the store is being opened waits for it

    def start_after_first_paint(self) -> None:
        """Begin as soon as the window has painted once."""
        QTimer.singleShot(FALLBACK_START_MS, self.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The first paint starts the loading; closing the window lets a running store opening finish first."""
        if watched is self.window:
            if event.type() == QEvent.Type.Paint and not self._begun:
                QTimer.singleShot(0, self.start)
            elif event.type() == QEvent.Type.Close and self._running and not self.ctx.effective_db_url:
                # Never cut a local migration off half-way: the opening runs to its end (the result is
                # dropped). A server (whose DDL is transactional) may be unreachable: do not wait for it.
                self.runner.wait(120_000)
        return False

    def start(self) -> None:
        """Open the store in the background (idempotent)."""
        if self._begun:
            return
        self._begun = True
        self._running = True
        self.window.status.set_busy(
            self.tr("正在连接数据库服务器…") if self.ctx.effective_db_url else self.tr("正在打开数据库…")
        )
        job = partial(open_store, self.ctx, self.case_id, self.window.last_case())
        self.runner.run(job, on_success=self._opened, on_error=self._failed)

    def _opened(self, result: object) -> None:
        assert isinstance(result, OpenedStore)
        self._finished()
        window = self.window
        try:
            window.status.set_busy(self.tr("正在加载测评项目…"))
            services = UiServices(
                store=result.store, settings=self.ctx.settings, secrets=result.secrets, paths=self.ctx.paths,
                runner=self.runner,
            )  # fmt: skip
            window.attach(services)
            window.install_features(self.features)
            window.show_cases(result.cases, result.case_id, result.session)
        except BaseException as exc:  # reported like a failure to open the store: the user must see it
            self._failed(exc)
            return
        window.status.set_busy(None)
        window.status.show_message(self.tr("就绪，所有修改自动保存"), 5000)

    def _finished(self) -> None:
        self._running = False
        self.window.removeEventFilter(self)

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        log.warning("start-up failed: %s", exc)
        self.error = exc
        self.window.status.set_busy(None)
        self.window.mark_load_failed(self.tr("未能加载"))
        self.window.load_failed.emit(exc)
