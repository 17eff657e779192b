"""The composition root: builds the services once per process (CLI and GUI alike) and seeds the demo."""

from app.bootstrap.context import CliContext

__all__ = ["CliContext"]
