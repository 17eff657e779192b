"""Group commit: the writes of concurrent requests share one short transaction.

Every ``me/*`` request writes (the rate counters, the session's idle clock and request count,
and the chained access audit record). One transaction per request makes the database's single
writer the bottleneck: the fixed cost of BEGIN, COMMIT, the audit chain head and the WAL pages
of every commit is paid again and again. :class:`GroupCommit` hands the requests to one writer
thread per process; whatever has queued up while the previous transaction ran goes into the
next one. A request is answered only after *its* transaction committed, so nothing is weaker
than before: the same rows are written in the same order, durably, with the audit record in the
same transaction as the session check. Nothing is kept in memory between transactions (several
workers and restarts behave as before). There is no artificial wait: a lone request is written
at once.

If a batch fails, each of its requests is retried in a transaction of its own, so one bad request
never fails its neighbours.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine

from app.h5.db import transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
MAX_BATCH = 64


class GroupCommit(Generic[T, R]):
    """Runs ``process`` over batches of submitted items, one write transaction per batch.

    Args:
        engine: The writer engine.
        process: Handles a batch inside the transaction; returns one result per item, in order.
            It must only touch the database through the connection (so a batch can be retried
            item by item after a rollback).
        name: The writer thread's name.
        max_batch: The most items in one transaction.
    """

    def __init__(
        self,
        engine: Engine,
        process: Callable[[Connection, list[T]], list[R]],
        *,
        name: str = "h5-writer",
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._engine = engine
        self._process = process
        self._name = name
        self._max = max_batch
        self._queue: queue.SimpleQueue[tuple[T, Future[R]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def queued(self) -> int:
        """How many items wait for the next transaction."""
        return self._queue.qsize()

    def submit(self, item: T) -> R:
        """Write ``item`` with whatever else is waiting; returns its result once committed.

        Raises:
            RuntimeError: The writer was closed.
            Exception: Whatever ``process`` raised for this item (re-raised in the caller).
        """
        future: Future[R] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the H5 writer is closed")
            if self._thread is None:
                # Started on first use: a runtime that never serves a request has no thread.
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._queue.put((item, future))
        return future.result()

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the writer thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            self._queue.put(None)
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self._max:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            self._write(batch)
            if stop:
                return

    def _write(self, batch: list[tuple[T, Future[R]]]) -> None:
        items = [item for item, _ in batch]
        try:
            with transaction(self._engine) as conn:
                results = self._process(conn, items)
        except Exception as exc:
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
                return
            log.warning("a batch of %d H5 writes failed (%s); writing them one by one", len(batch), type(exc).__name__)
            for item, future in batch:
                self._write([(item, future)])
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
