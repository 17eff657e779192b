"""The legacy databases of ``tests/data/legacy`` (written by an older version), copied into a test's data folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from app.core.paths import AppPaths

LEGACY = Path(__file__).resolve().parents[1] / "data" / "legacy"


def install_legacy(paths: AppPaths, revision: str) -> dict[str, Any]:
    """Copy the legacy store at ``revision`` to the test's database file; returns what it holds."""
    paths.ensure()
    shutil.copyfile(LEGACY / f"store-{revision}.sqlite3", paths.db_file)
    paths.db_file.chmod(0o600)
    expected: dict[str, Any] = json.loads((LEGACY / f"store-{revision}.expected.json").read_text(encoding="utf-8"))
    return expected
