"""`workbench gui --self-check` starts the real window with the demo data and quits."""

from __future__ import annotations

import os
import subprocess
import sys


def test_gui_self_check_in_a_child_process(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "app", "gui", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-check OK" in result.stdout and "5 tabs" in result.stdout
    assert (tmp_path / "data" / "workbench.sqlite3").exists()
