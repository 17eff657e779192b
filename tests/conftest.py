"""Test setup: offscreen Qt, temporary data folders, an in-memory keyring, the gui marker."""

from __future__ import annotations

import os

# Before anything imports Qt: no display on the build machines.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests import hypo  # noqa: F401 - registers the Hypothesis profiles before --hypothesis-profile is read
from tests.memkeyring import MemoryKeyring

pytest_plugins = ["tests.pgserver"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests that need a QApplication as ``gui`` so ``-m "not gui"`` runs without Qt."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"qtbot", "qapp", "qtmodeltester", "main_window"} or "/tests/ui/" in str(item.fspath):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder and an in-memory keyring."""
    data = tmp_path / "workbench-data"
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(data))
    monkeypatch.delenv("WORKBENCH_DB_URL", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The test's data folder (also in WORKBENCH_DATA_DIR)."""
    return tmp_path / "workbench-data"


@pytest.fixture
def paths(data_dir: Path):
    from app.core.paths import AppPaths

    p = AppPaths.resolve(data_dir)
    p.ensure()
    return p


@pytest.fixture
def store(paths):
    """A migrated, empty SQLite store in the test's data folder."""
    from app.store.store import Store

    s = Store.open(paths)
    yield s
    s.close()


@pytest.fixture
def ctx(data_dir: Path):
    """A CLI context on the test's data folder (demo data seeded on first use of the store)."""
    from app.bootstrap import CliContext

    c = CliContext(data_dir=str(data_dir))
    yield c
    c.close()
