"""A small disk that can be filled up, for the disk-full tests.

``TmpfsDisk`` mounts a real tmpfs of a few MB (needs root and mount rights; unmounted in the
fixture's teardown). ``InjectedDisk`` is the fallback where mounting is impossible: SQLite is
limited with ``PRAGMA max_page_count`` on every new connection, and file writes below the
disk's root fail with ENOSPC once its budget is used (``io.open`` is wrapped, and the SQLite
backup copy is replaced by one that fails like SQLite does on a full disk).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from app.store.store import Store

_BLOCK = 1 << 20


class TmpfsDisk:
    """A real tmpfs mount of ``size_mb`` MB."""

    mode = "tmpfs"

    def __init__(self, root: Path, size_mb: int = 16) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(root)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        self.filler = root / ".filler"

    def watch(self, store: Store) -> None:
        """Nothing to do: the kernel enforces the limit for every connection."""

    def fill(self, leave: int = 0) -> None:
        """Write a filler file until the disk is full, then give back ``leave`` bytes."""
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (_BLOCK, 4096):
                block = b"\0" * size
                while True:
                    try:
                        os.write(fd, block)
                    except OSError as exc:
                        if exc.errno != errno.ENOSPC:
                            raise
                        break
        finally:
            os.close(fd)
        if leave:
            os.truncate(self.filler, max(0, self.filler.stat().st_size - leave))

    def free(self) -> None:
        """Delete the filler file."""
        self.filler.unlink(missing_ok=True)

    def close(self) -> None:
        """Unmount (lazily if something still holds a file open)."""
        result = subprocess.run(["umount", str(self.root)], capture_output=True, timeout=30, check=False)
        if result.returncode != 0:
            subprocess.run(["umount", "-l", str(self.root)], capture_output=True, timeout=30, check=False)


class _FullFile:
    """A file object below a full disk's root: writes fail with ENOSPC once the budget is used."""

    def __init__(self, disk: InjectedDisk, raw: Any) -> None:
        self._disk = disk
        self._raw = raw

    def write(self, data: Any) -> int:
        size = len(data)
        if self._disk.budget < size:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._disk.budget -= size
        written: int = self._raw.write(data)
        return written

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._raw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class InjectedDisk:
    """The fallback: a "disk" that is a folder whose writes are failed on purpose."""

    mode = "injected"

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.budget = 0
        self.full = False
        self.stores: list[Store] = []
        self._page_budget = 0
        self._max_pages: int | None = None
        self._saved: list[tuple[Any, str, Any]] = []

    def watch(self, store: Store) -> None:
        """Remember a store whose pooled connections must pick up the page limit."""
        self.stores.append(store)

    def _below_root(self, target: Any) -> bool:
        with contextlib.suppress(TypeError, ValueError, OSError):
            if isinstance(target, int):
                target = os.readlink(f"/proc/self/fd/{target}")
            return Path(os.fspath(target)).resolve().is_relative_to(self.root.resolve())
        return False

    def _on_connect(self, dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        try:
            files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"]
            if not files or not files[0] or not self._below_root(files[0]):
                return
            if self._max_pages is None:  # the size when the disk filled up, the same for every connection
                self._max_pages = cursor.execute("PRAGMA page_count").fetchone()[0] + self._page_budget
            cursor.execute(f"PRAGMA max_page_count = {self._max_pages}")
        finally:
            cursor.close()

    def _patch(self, owner: Any, name: str, value: Any) -> None:
        self._saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def fill(self, leave: int = 0) -> None:
        """From now on, allow only ``leave`` more bytes (SQLite: pages) below the root."""
        from app.store import backup

        self.full = True
        self.budget = leave
        self._page_budget = leave // 4096
        self._max_pages = None
        event.listen(Engine, "connect", self._on_connect)
        for store in self.stores:
            store.engine.dispose()
        real_open = io.open
        real_copy = backup.copy_sqlite  # type: ignore[attr-defined]

        def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            raw = real_open(file, mode, *args, **kwargs)
            if any(flag in mode for flag in "wax+") and self._below_root(file):
                return _FullFile(self, raw)
            return raw

        def failing_copy(src: Path, dst: Path) -> None:
            if not self._below_root(dst.parent):
                real_copy(src, dst)
                return
            dst.write_bytes(b"SQLite format 3\x00")  # SQLite has created the file before it fails
            raise sqlite3.OperationalError("database or disk is full")

        self._patch(io, "open", guarded_open)
        import builtins

        self._patch(builtins, "open", guarded_open)
        self._patch(backup, "copy_sqlite", failing_copy)

    def free(self) -> None:
        """Lift every limit."""
        if not self.full:
            return
        self.full = False
        event.remove(Engine, "connect", self._on_connect)
        for owner, name, value in reversed(self._saved):
            setattr(owner, name, value)
        self._saved.clear()
        for store in self.stores:
            store.engine.dispose()

    def close(self) -> None:
        """Lift the limits (the folder is removed with the test's tmp_path)."""
        self.free()


def can_mount_tmpfs(probe: Path) -> bool:
    """Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, e.g. not in every container)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    try:
        TmpfsDisk(probe, size_mb=1).close()
    except (OSError, subprocess.SubprocessError):
        return False
    return True
