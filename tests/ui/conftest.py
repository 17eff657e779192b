from __future__ import annotations

import pytest


@pytest.fixture
def bare_ctx(data_dir):
    """A context whose store is not seeded with the demo (fast, deterministic)."""
    from app.bootstrap import CliContext

    c = CliContext(data_dir=str(data_dir), seed_demo=False)
    yield c
    c.close()


@pytest.fixture
def main_window(qtbot, bare_ctx):
    from app.mipin.cases import CaseHeader, create_case
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    create_case(bare_ctx.store, CaseHeader(system_name="梧州市测试系统", level=3, report_no="T-001"))
    window = build_window(bare_ctx, SyncRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture(scope="session")
def _h5_demo_template(tmp_path_factory):
    """The preview's demo database and key, seeded once per run (seeding 2,000 residents takes seconds)."""
    import keyring

    from app.core.paths import AppPaths
    from app.core.secrets import SecretStore
    from app.h5.keys import new_master_key, write_key_file
    from tests.memkeyring import MemoryKeyring
    from ui.features.h5.backend import PreviewBackend

    paths = AppPaths.resolve(tmp_path_factory.mktemp("h5-template"))
    paths.ensure()
    write_key_file(paths.data_dir / "h5" / "demo-master.key", new_master_key())
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        backend = PreviewBackend(paths, SecretStore())
        backend.start()
        backend.stop()
    finally:
        keyring.set_keyring(previous)
    return paths.data_dir / "h5"


@pytest.fixture
def h5_demo(_h5_demo_template, data_dir):
    """This test's data folder starts with a copy of the seeded demo (the preview opens it instead of seeding)."""
    import shutil

    target = data_dir / "h5"
    shutil.copytree(_h5_demo_template, target, dirs_exist_ok=True)
    return target
