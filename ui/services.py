"""The services a window needs, built once by the builder and passed in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window paints before the store (and SQLAlchemy with it) is imported
    from app.core.paths import AppPaths
    from app.core.secrets import SecretStore
    from app.core.settings import SettingsRegistry
    from app.store.store import Store
    from ui.tasks import TaskRunner


@dataclass
class UiServices:
    """Everything the main window and its features use; no feature reaches for a global.

    Attributes:
        store: The case store (open and migrated).
        settings: Typed user preferences.
        secrets: The keyring-backed secret store.
        paths: User data and log folders.
        runner: Background work (a :class:`ui.tasks.SyncRunner` in tests and screenshots).
    """

    store: Store
    settings: SettingsRegistry
    secrets: SecretStore
    paths: AppPaths
    runner: TaskRunner
