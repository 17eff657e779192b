"""Group commit: the writes of concurrent requests share one short transaction.

Every ``me/*`` request writes (the rate counters, the session's idle clock and request count,
and the chained access audit record). One transaction per request makes the database's single
writer the bottleneck: the fixed cost of BEGIN, COMMIT, the audit chain head and the WAL pages
of every commit is paid again and again. :class:`GroupCommit` hands the requests to one writer
thread per process; whatever has queued up while the previous transaction ran goes into the
next one. A request is answered only after *its* transaction committed, so nothing is weaker
than one transaction per request: the same rows are written in the same order, durably, with
the audit record in the same transaction as the session check. Nothing is kept in memory
between transactions (several workers and restarts behave as before). There is no artificial
wait: a lone request is written at once.

Callers await :meth:`GroupCommit.submit_async` from an event loop: no thread of the request pool
is held while the transaction runs, and the writer wakes each event loop once per batch, not once
per request. An optional ``finish`` step runs over the batch in the writer thread *after* the
commit (the hot views read their records there, in one read snapshot per batch, so a request
crosses threads once).

If a batch fails, each of its requests is retried in a transaction of its own, so one bad request
never fails its neighbours; ``finish`` reports a failed read per item.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine

from app.h5.db import transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
MAX_BATCH = 64

_Outcome = tuple[bool, Any]
"""(True, result) or (False, exception)."""
_Sink = tuple[asyncio.Future[Any], asyncio.AbstractEventLoop]
"""Where one item's outcome goes: the awaiting request's future and its event loop."""


def _settle(future: asyncio.Future[Any], outcome: _Outcome) -> None:
    if future.done():  # an awaiting request that was cancelled (client went away)
        return
    ok, value = outcome
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def _settle_all(pairs: list[tuple[asyncio.Future[Any], _Outcome]]) -> None:
    for future, outcome in pairs:
        _settle(future, outcome)


class GroupCommit(Generic[T, R]):
    """Runs ``process`` over batches of submitted items, one write transaction per batch.

    Args:
        engine: The writer engine.
        process: Handles a batch inside the transaction; returns one result per item, in order.
            It must only touch the database through the connection (so a batch can be retried
            item by item after a rollback).
        finish: Optional; maps the committed results of a batch to what the callers get (one
            per item, in order; an exception instance fails that item only), in the writer
            thread after the commit (reads that must see the committed writes). Should it
            raise, every item of the batch gets the exception.
        name: The writer thread's name.
        max_batch: The most items in one transaction.
    """

    def __init__(
        self,
        engine: Engine,
        process: Callable[[Connection, list[T]], list[R]],
        *,
        finish: Callable[[list[T], list[R]], list[R | Exception]] | None = None,
        name: str = "h5-writer",
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._engine = engine
        self._process = process
        self._finish = finish
        self._name = name
        self._max = max_batch
        self._queue: queue.SimpleQueue[tuple[T, _Sink] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def queued(self) -> int:
        """How many items wait for the next transaction."""
        return self._queue.qsize()

    def _put(self, item: T, sink: _Sink) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the H5 writer is closed")
            if self._thread is None:
                # Started on first use: a runtime that never serves a request has no thread.
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._queue.put((item, sink))

    async def submit_async(self, item: T) -> R:
        """Write ``item`` with whatever else is waiting; returns its result once committed.

        Awaits the commit without holding a thread.

        Raises:
            RuntimeError: The writer was closed.
            Exception: Whatever ``process`` or ``finish`` raised for this item.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        self._put(item, (future, loop))
        return await future

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
            self._deliver(batch, self._write(batch))
            if stop:
                return

    def _write(self, batch: list[tuple[T, _Sink]]) -> list[_Outcome]:
        items = [item for item, _ in batch]
        try:
            with transaction(self._engine) as conn:
                results = self._process(conn, items)
        except Exception as exc:
            if len(batch) == 1:
                return [(False, exc)]
            log.warning("a batch of %d H5 writes failed (%s); writing them one by one", len(batch), type(exc).__name__)
            return [self._write([entry])[0] for entry in batch]
        if self._finish is None:
            return [(True, r) for r in results]
        try:
            finished = self._finish(items, results)
        except Exception as exc:
            return [(False, exc)] * len(batch)
        return [(not isinstance(r, Exception), r) for r in finished]

    @staticmethod
    def _deliver(batch: list[tuple[T, _Sink]], outcomes: list[_Outcome]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], _Outcome]]] = {}
        for (_, (future, loop)), outcome in zip(batch, outcomes, strict=True):
            by_loop.setdefault(loop, []).append((future, outcome))
        for loop, pairs in by_loop.items():
            try:
                loop.call_soon_threadsafe(_settle_all, pairs)  # one wake-up per loop and batch
            except RuntimeError:  # the loop was closed while its requests were being written
                log.debug("an event loop closed before %d H5 results could be delivered", len(pairs))
