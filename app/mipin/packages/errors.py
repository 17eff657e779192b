"""Typed errors of case packages: every refusal names what was wrong with the package."""

from __future__ import annotations

from app.core.errors import InputError, WorkbenchError

NOT_PACKAGE = "not-package"
DAMAGED = "damaged"
CHANGED = "changed"
MISSING_MEMBER = "missing-member"
EXTRA_MEMBER = "extra-member"
UNSAFE_PATH = "unsafe-path"
ZIP_BOMB = "zip-bomb"
PASSPHRASE_REQUIRED = "passphrase-required"
WRONG_PASSPHRASE = "wrong-passphrase"
UNSUPPORTED = "unsupported"
INVALID_CONTENT = "invalid-content"
NO_SPACE = "no-space"
EVIDENCE_MISSING = "evidence-missing"


class PackageError(InputError):
    """A case package was refused (import) or could not be written (export); nothing was changed.

    Attributes:
        kind: Why, as one of the module's constants (``changed``, ``missing-member``,
            ``wrong-passphrase``, ``unsafe-path``, ``zip-bomb`` …), for tests and the UI.
        field: The member concerned (``case.json``, ``evidence/<sha256>``), or empty.
        reason: The sentence shown to the user.
    """

    def __init__(self, kind: str, reason: str, member: str = "") -> None:
        super().__init__(member, reason)
        self.kind = kind
        # The reason already names the member; show it once.
        self.args = (reason,)

    def __str__(self) -> str:
        return self.reason


class CaseExistsError(WorkbenchError):
    """The packaged case is already in the store; the caller must choose copy or replace.

    Attributes:
        existing_id: The id of the case in the store that the package matches.
        system_name: Its system name (for the question shown to the user).
        matched_by: ``uuid`` (the same case, exported earlier) or ``name`` (same system name and report number).
    """

    def __init__(self, existing_id: int, system_name: str, matched_by: str) -> None:
        self.existing_id = existing_id
        self.system_name = system_name
        self.matched_by = matched_by
        super().__init__(
            f"测评项目 #{existing_id}“{system_name}”已存在；"
            "请选择作为副本导入（--as-copy）或替换现有项目（--replace，替换前自动备份）"
        )
