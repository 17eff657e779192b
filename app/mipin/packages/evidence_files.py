"""Evidence files on disk for packages: a private workspace, atomic placement.

Evidence is content-addressed (:func:`app.mipin.evidence.records.stored_path`). A package is unpacked into a
private workspace inside the data folder (owner-only, on the same file system, so moving a
verified file into the evidence folder is one atomic rename), and the workspace is always
removed afterwards. Stale workspaces of a killed process are removed on the next use.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from app.core.paths import AppPaths
from app.mipin.evidence.records import stored_path

log = logging.getLogger(__name__)

_WORK_PREFIX = "wbcase-"
_STALE_SECONDS = 24 * 3600


def _work_root(paths: AppPaths) -> Path:
    root = paths.data_dir / "tmp"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def clean_stale_workspaces(paths: AppPaths, max_age: float = _STALE_SECONDS) -> None:
    """Remove workspaces left behind by a process that was killed."""
    root = paths.data_dir / "tmp"
    if not root.is_dir():
        return
    now = time.time()
    for child in root.glob(f"{_WORK_PREFIX}*"):
        try:
            if now - child.stat().st_mtime > max_age:
                shutil.rmtree(child, ignore_errors=True)
        except OSError:
            continue


@contextlib.contextmanager
def workspace(paths: AppPaths) -> Iterator[Path]:
    """A fresh owner-only folder inside the data folder, removed on exit (also on errors)."""
    clean_stale_workspaces(paths)
    folder = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=_work_root(paths)))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fsync_file(path: Path) -> None:
    """Flush a file's content to the disk (opened for writing: Windows cannot flush a read-only handle)."""
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def place_evidence(paths: AppPaths, files: dict[str, Path]) -> list[Path]:
    """Move verified evidence files into the evidence folder; returns the files newly created.

    A file already present under its SHA-256 name (same size) is kept. Each new file appears
    atomically (rename), so a crash or a full disk never leaves a partial evidence file. If
    placing one fails, the ones placed by this call are removed again and the error is raised.
    """
    added: list[Path] = []
    try:
        for sha, source in files.items():
            target = stored_path(paths, sha)
            if target.is_file() and target.stat().st_size == source.stat().st_size:
                continue
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fsync_file(source)
            try:
                os.replace(source, target)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                partial = target.with_name(f".{sha}.partial")
                try:
                    shutil.copyfile(source, partial)
                    fsync_file(partial)
                    os.replace(partial, target)
                finally:
                    partial.unlink(missing_ok=True)
            os.chmod(target, 0o600)
            added.append(target)
    except BaseException:
        remove_files(added)
        raise
    return added


def remove_files(files: list[Path]) -> None:
    """Remove files placed by an import that then failed (and their folders, if now empty)."""
    for path in files:
        with contextlib.suppress(OSError):
            path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only succeeds when empty
