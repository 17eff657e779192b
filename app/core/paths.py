"""Where the workbench keeps its files.

User data lives in the platformdirs user data directory unless overridden with ``--data-dir``
or ``WORKBENCH_DATA_DIR``; tests always point this at a temporary directory. Bundled resources
are located through :func:`resource_path`, which also works inside a PyInstaller build.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app import APP_NAME, ORG_NAME

DATA_DIR_ENV = "WORKBENCH_DATA_DIR"
DB_URL_ENV = "WORKBENCH_DB_URL"


def resource_root() -> Path:
    """Return the folder holding ``resources/`` (the source tree, or the frozen bundle)."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("fonts", "x.ttc")``."""
    return resource_root().joinpath(*parts)


@dataclass(frozen=True)
class AppPaths:
    """The user-specific folders of one workbench installation.

    Attributes:
        data_dir: Holds the SQLite database, evidence files and backups.
        log_dir: Holds the rotating log file and crash reports.
    """

    data_dir: Path
    log_dir: Path

    @property
    def db_file(self) -> Path:
        """The default SQLite database file."""
        return self.data_dir / "workbench.sqlite3"

    @property
    def evidence_dir(self) -> Path:
        """Content-addressed evidence files (``<sha256>`` names)."""
        return self.data_dir / "evidence"

    @property
    def backup_dir(self) -> Path:
        """Automatic and manual database backups."""
        return self.data_dir / "backups"

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """Pick the data folder: the explicit argument, then the environment, then platformdirs."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            base = Path(chosen).expanduser().resolve()
            return cls(data_dir=base, log_dir=base / "logs")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, ORG_NAME)),
        )

    def ensure(self) -> None:
        """Create the folders owner-only (0700) if they do not exist."""
        for folder in (self.data_dir, self.log_dir, self.evidence_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":
                os.chmod(folder, 0o700)
