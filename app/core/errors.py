"""Typed exceptions for expected failures.

Everything the user can cause (bad input, a locked or newer database, a missing keyring) is a
subclass of :class:`WorkbenchError`. The CLI turns these into one line on stderr and exit code 2;
``ui/`` turns them into a friendly message box. Anything else is a bug and goes to the crash
handler.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base class of every expected, user-facing failure."""

    exit_code = 2

    def user_message(self) -> str:
        """Return the one-line message shown to the user."""
        return " ".join(str(self).split("\n"))


class InputError(WorkbenchError):
    """Bad input in an exchange file or on the command line.

    Attributes:
        field: The path of the offending field, e.g. ``units[3].objects[0].A``; empty when the
            problem concerns the whole input.
        reason: What is wrong with it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


class InputErrors(InputError):
    """Several input errors found in one pass (importers report all of them)."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first.field, first.reason + more)


class StoreError(WorkbenchError):
    """The case store cannot be opened or written."""


class NewerSchemaError(StoreError):
    """The database was written by a newer version of the workbench and is left untouched."""


class NotFoundError(WorkbenchError):
    """A case, ticket or other record asked for by id does not exist."""


class SecretStoreError(WorkbenchError):
    """No usable keyring backend, or the keyring refused the operation."""
