"""What every main-window tab provides."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class WorkbenchTab(QWidget):
    """Base class of the main-window tabs.

    Subclasses set ``TAB_ID`` (stable English id used by ``--tab`` and QSettings) and implement
    :meth:`title` and :meth:`set_case`.
    """

    TAB_ID = ""

    def title(self) -> str:
        """The translated tab title."""
        raise NotImplementedError

    def set_case(self, case_id: int | None) -> None:
        """Show ``case_id`` (None when no case is open)."""
