"""Background work: run a function off the GUI thread, get the result back on it.

``TaskRunner.run(fn, on_success=…, on_error=…)`` runs ``fn`` on a QThreadPool and calls the
callbacks on the GUI thread. ``writer=True`` routes the job to a one-thread pool so database
writes are serialised. Functions that accept a ``progress`` keyword get a callable
``progress(percent, text)`` whose calls are delivered to ``on_progress`` on the GUI thread.
Workers must return plain values or dataclasses, never widgets or ORM rows.
:class:`SyncRunner` runs everything immediately (tests).
"""

from __future__ import annotations

import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[int, str], None]


def _accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _call(fn: Callable[..., Any], report: ProgressCallback) -> Any:
    """Call ``fn``, handing it ``progress(percent, text="")`` (forwarded to ``report``) if it takes one."""
    if _accepts_progress(fn):
        return fn(progress=lambda pct, text="": report(int(pct), str(text)))
    return fn()


def _ignore_progress(_percent: int, _text: str) -> None:
    """No one listens to this job's progress."""


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, str)


class Task(QRunnable):
    """One unit of background work; its signals are delivered on the GUI thread."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(True)

    def run(self) -> None:
        """Execute ``fn`` on a pool thread and emit its result or its exception."""
        try:
            result = _call(self.fn, self.signals.progressed.emit)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs functions on a thread pool; writes go to a dedicated one-thread pool.

    Args:
        default_error: Called for errors when a job has no ``on_error`` (shows a message).
        pool: The pool for reads and computation (default: the global pool).
    """

    def __init__(self, default_error: ErrorCallback | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.pool = pool or QThreadPool.globalInstance()
        self.writer_pool = QThreadPool(self)
        self.writer_pool.setMaxThreadCount(1)
        self.default_error = default_error
        self._alive: set[Task] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        writer: bool = False,
    ) -> Task:
        """Start ``fn`` in the background and return the task."""
        task = Task(fn)
        self._alive.add(task)

        @Slot(object)
        def done(result: object) -> None:
            self._alive.discard(task)
            if on_success is not None:
                on_success(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._alive.discard(task)
            handler = on_error or self.default_error
            if handler is None:
                log.error("background task failed: %s", getattr(exc, "__traceback_text__", exc))
                return
            handler(exc)

        task.signals.succeeded.connect(done)
        task.signals.failed.connect(failed)
        if on_progress is not None:
            task.signals.progressed.connect(on_progress)
        (self.writer_pool if writer else self.pool).start(task)
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for all running work (shutdown and tests)."""
        return self.writer_pool.waitForDone(msecs) and self.pool.waitForDone(msecs)


class SyncRunner(TaskRunner):
    """Runs every job immediately on the calling thread (tests, screenshots)."""

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        writer: bool = False,
    ) -> Task:
        """Execute ``fn`` now and call the callbacks before returning."""
        task = Task(fn)
        try:
            result = _call(fn, on_progress or _ignore_progress)
        except Exception as exc:
            handler = on_error or self.default_error
            if handler is None:
                raise
            handler(exc)
        else:
            if on_success is not None:
                on_success(result)
        return task
