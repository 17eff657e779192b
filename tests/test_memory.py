"""``collector_paused``: the collector is paused inside, restored after, and frees cycles before freezing."""

from __future__ import annotations

import gc
import weakref

from app.core.memory import collector_paused


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> _Node:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return a


def test_the_collector_is_paused_inside_and_restored_after_nested_blocks() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still pauses it
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cyclic_garbage_made_before_the_pause_is_freed_not_frozen() -> None:
    gc.collect()
    gc.freeze()  # what an earlier load froze
    try:
        held = _cycle()
        gc.collect()  # the cycle, still referenced, is promoted to the oldest generation
        ref = weakref.ref(held)
        del held  # now garbage that only a full collection finds
        with collector_paused():
            pass
        assert ref() is None  # collected when the pause began, so never frozen
    finally:
        gc.unfreeze()


def test_data_built_inside_is_frozen_and_still_freed_by_reference_counting() -> None:
    gc.collect()
    before = gc.get_freeze_count()
    try:
        with collector_paused():
            rows = [_Node() for _ in range(1000)]
        assert gc.get_freeze_count() >= before + 1000
        ref = weakref.ref(rows[0])
        del rows
        assert ref() is None  # no cycle: reference counting frees frozen objects at once
    finally:
        gc.unfreeze()
