"""Pausing the cyclic garbage collector while many small objects are built at once.

Reading a year of tickets creates hundreds of thousands of small tuples; CPython's generational
collector would traverse the growing heap again and again while they are being made (it is
triggered by allocations), which more than doubles the time. None of these objects form
reference cycles, so the collector is paused for the duration and resumed afterwards.
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
    """Pause ``gc`` inside the block (nestable, thread-safe; restores the previous state)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
