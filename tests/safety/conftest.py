from __future__ import annotations

import pytest

from tests.safety.helpers import make_rich_case


@pytest.fixture
def rich_case(store) -> int:
    return make_rich_case(store)


@pytest.fixture
def other_paths(tmp_path):
    """A second laptop's data folder."""
    from app.core.paths import AppPaths

    p = AppPaths.resolve(tmp_path / "laptop-b")
    p.ensure()
    return p


@pytest.fixture
def other_store(other_paths):
    from app.store.store import Store

    s = Store.open(other_paths)
    yield s
    s.close()
