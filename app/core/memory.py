"""Pausing the cyclic garbage collector while many small objects are built at once.

Reading a year of tickets creates hundreds of thousands of small tuples; CPython's generational
collector would traverse the growing heap again and again while they are being made (it is
triggered by allocations), which more than doubles the time. None of these objects form
reference cycles, so the collector is paused for the duration and resumed afterwards.

Resuming alone would not be enough: every object made while paused sits in the youngest
generation, and the next collections traverse all of them, and with several boards alive a full
collection then traverses every board's objects (0.4 s to 2 s for 50,000 tickets each). So at
the end of the outermost pause the surviving objects are moved to the permanent generation with
``gc.freeze()`` (the documented CPython facility for long-lived data) and are never traversed.

Why that is safe:

* Frozen objects are still freed by reference counting as soon as nothing refers to them (a
  board's previous rows are freed on its next load): freezing changes only what the *cycle*
  collector looks at, and the loaded data has no cycles.
* Cyclic garbage that exists when the freeze happens would only be kept until ``gc.unfreeze()``
  (a delayed free, never a wrong result). So every generation is collected when the outermost
  pause begins — a full collection, yet cheap after the first freeze, because the frozen heap is
  not traversed, only what was made since — and what other threads make cyclic during the pause
  itself is the only garbage that can be frozen.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause ``gc`` inside the block (nestable, thread-safe; restores the previous state).

    At the end of the outermost block the objects that survived are frozen (see the module
    docstring), so the collector does not traverse them again.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            if _was_enabled:
                gc.collect()  # cyclic garbage goes now, before anything is frozen
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.freeze()
                gc.enable()
