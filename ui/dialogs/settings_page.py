"""One page of the 设置 dialog: what a page shows, how it is validated and how it is saved.

The host's general page (:class:`ui.dialogs.settings.GeneralPage`) and every page a feature adds
(``host.add_settings_page``, see ``docs/ui-host.md``) are :class:`SettingsPage` widgets. The
dialog drives them the same way: it asks every modified page to :meth:`~SettingsPage.validate`
before anything is written, then saves the modified pages one after the other.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

SaveDone = Callable[[BaseException | None], None]
"""What a page calls when its save is over: with None on success, else with the error."""


class SettingsPage(QWidget):
    """Base class of a 设置 page.

    A page shows the stored values when it is created (the dialog makes its pages afresh each
    time it opens), keeps the user's edits to itself and writes nothing until :meth:`save`.
    Subclasses override :meth:`is_modified`, :meth:`validate` and :meth:`save`, and emit
    :attr:`changed` whenever an edit may have changed :meth:`is_modified` (the dialog enables
    应用 from it).
    """

    changed = Signal()
    """The user edited the page (or undid an edit): the dialog re-reads :meth:`is_modified`."""

    def is_modified(self) -> bool:
        """True when the page holds edits that :meth:`save` would write."""
        return False

    def validate(self) -> None:
        """Check the edits before anything is written (OK and 应用 check every modified page first).

        Raises:
            WorkbenchError: Or ValueError: naming what is wrong; the dialog shows the message on
                this page and writes nothing.
        """

    def save(self, done: SaveDone) -> None:
        """Write the edits, then call ``done`` once: ``done(None)`` or ``done(error)``.

        Saving may run on a worker (``services.runner.run(…, writer=True)``): call ``done`` from
        its callbacks. After a successful save :meth:`is_modified` is False again.
        """
        done(None)
