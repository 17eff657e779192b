"""The PyInstaller one-folder build starts: ``--version`` and an offscreen self-check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_frozen_build_runs(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "build"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", str(dist),
         "--workpath", str(work), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=1200,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-4000:]
    exe = dist / "workbench" / "workbench"
    assert exe.exists()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, check=False, timeout=120)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("workbench ")
    data = tmp_path / "data"
    check = subprocess.run(
        [str(exe), "--data-dir", str(data), "gui", "--self-check"],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "self-check OK" in check.stdout
    assert (data / "workbench.sqlite3").exists()
    assert (dist / "workbench" / "_internal" / "resources" / "translations" / "workbench_en.qm").exists()
