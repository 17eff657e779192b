"""File dialogs that open in the folder last used, remembered between runs (UI state, QSettings).

Each kind of file (``exchange``, ``report``, ``package``, ``evidence``) remembers its own folder
under ``files/<kind>``; a kind never used yet starts in the folder any file dialog used last
(``files/last``), then in the home folder. The file name a save dialog proposes is joined to
that folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_LAST = "files/last"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def last_folder(state: QSettings | None, kind: str) -> str:
    """The folder a dialog for ``kind`` opens in (an existing folder, or the home folder)."""
    for key in (f"files/{kind}", _LAST):
        value = state.value(key) if state is not None else None
        if value and Path(str(value)).is_dir():
            return str(value)
    return str(Path.home())


def remember_folder(state: QSettings | None, kind: str, path: str | Path) -> None:
    """Remember the folder of ``path`` (a file chosen or written) for ``kind``."""
    if state is None:
        return
    folder = str(Path(path).parent if not Path(path).is_dir() else Path(path))
    state.setValue(f"files/{kind}", folder)
    state.setValue(_LAST, folder)


def safe_file_name(name: str) -> str:
    """``name`` without the characters file systems refuse (``/``, ``:`` …), trimmed."""
    return _UNSAFE.sub("_", name).strip(" ._") or "未命名"


def ask_open_file(parent: QWidget | None, state: QSettings | None, kind: str, title: str, filters: str) -> Path | None:
    """Ask for a file to read; remembers its folder. None: cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(state, kind), filters)
    if not path:
        return None
    remember_folder(state, kind, path)
    return Path(path)


def ask_open_files(parent: QWidget | None, state: QSettings | None, kind: str, title: str, filters: str) -> list[Path]:
    """Ask for files to read; remembers their folder. Empty: cancelled."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, last_folder(state, kind), filters)
    if paths:
        remember_folder(state, kind, paths[-1])
    return [Path(p) for p in paths]


def ask_save_file(
    parent: QWidget | None, state: QSettings | None, kind: str, title: str, name: str, filters: str
) -> Path | None:
    """Ask where to write a file, proposing ``name`` in the remembered folder; remembers the folder chosen."""
    proposed = str(Path(last_folder(state, kind)) / safe_file_name(name))
    path, _ = QFileDialog.getSaveFileName(parent, title, proposed, filters)
    if not path:
        return None
    remember_folder(state, kind, path)
    return Path(path)


def case_file_name(report_no: str, system_name: str, what: str, suffix: str) -> str:
    """The proposed name of a case's file: ``<报告编号> <系统名称>-<what><suffix>`` (no number: without it)."""
    stem = " ".join(part for part in (report_no.strip(), system_name.strip()) if part) or "测评项目"
    return safe_file_name(f"{stem}-{what}" if what else stem) + suffix
