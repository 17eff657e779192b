"""The garbage-collector tuning of a dedicated H5 server process (and its absence in the preview)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.h5.api import create_app
from app.h5.api.app import GC_YOUNG_THRESHOLD
from tests.h5.conftest import API, H5App


@pytest.fixture
def restore_gc() -> Iterator[None]:
    """Put the collector back as it was (the test process is not a server)."""
    before = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_server_process_freezes_start_up_objects_and_collects_less_often(h5: H5App, restore_gc: None) -> None:
    gc.unfreeze()
    middle, old = gc.get_threshold()[1:]
    with TestClient(create_app(h5.runtime, purge=False, server_process=True)) as client:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, middle, old)
        r = client.get(f"{API}/me/summary", headers=h5.session())
        assert r.status_code == 200, r.text


def test_the_preview_leaves_the_collector_alone(h5: H5App, restore_gc: None) -> None:
    gc.unfreeze()
    before = gc.get_threshold()
    with TestClient(create_app(h5.runtime, purge=False)) as client:
        assert client.get(f"{API}/me/summary", headers=h5.session()).status_code == 200
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == before
