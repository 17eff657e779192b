"""Secrets (passphrases, server passwords) through the OS keyring only.

Nothing secret is written to the database, QSettings or the log. When the machine has no
keyring backend (headless Linux without a Secret Service), :meth:`SecretStore.available` is
False and :meth:`SecretStore.backend_warning` explains why; the UI then asks the user before
anything weaker is used (see :meth:`SecretStore.allow_session_only_fallback`), and the weaker
store keeps secrets in process memory only, never on disk.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring itself is imported on first use: importing it costs ≈0.1 s, on the start-up's
# critical path (the store is opened, and a SecretStore made, before the case is shown).

log = logging.getLogger(__name__)

SERVICE = "wuzhou-workbench"


def _is_unusable(backend: KeyringBackend) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    # keyring.backends.fail.Keyring raises on every call; the null backend silently drops data;
    # keyrings.alt's plaintext file is not a secure store and must never be picked silently.
    return name.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt"))


class SecretStore:
    """Get, set and delete secrets in the OS keyring, guarded by one lock.

    Args:
        backend: A keyring backend to use instead of the platform default (tests pass an
            in-memory one).
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._lock = threading.Lock()
        self._chosen = backend
        self._session_only: dict[str, str] | None = None

    @property
    def _backend(self) -> KeyringBackend:
        # Resolved on first use: keyring's backend discovery costs ≈60 ms at start-up.
        if self._chosen is None:
            import keyring

            self._chosen = keyring.get_keyring()
        return self._chosen

    @property
    def backend_name(self) -> str:
        """A short name of the keyring backend in use, for the About and Settings dialogs."""
        if self._session_only is not None and not self.available:
            return "仅本次运行（内存）"
        return f"{type(self._backend).__module__}.{type(self._backend).__name__}"

    @property
    def available(self) -> bool:
        """True when a real OS keyring backend is usable."""
        return not _is_unusable(self._backend)

    def backend_warning(self) -> str | None:
        """A Chinese sentence explaining that no keyring exists, or None when one does."""
        if self.available:
            return None
        return (
            "未找到可用的系统密钥环（如 GNOME Keyring / KWallet / Windows 凭据管理器）。"
            "口令不会被保存；如同意，可仅在本次运行期间保存在内存中。"
        )

    def allow_session_only_fallback(self) -> None:
        """Keep secrets in memory for this process only; call only after the user agreed."""
        with self._lock:
            if self._session_only is None:
                self._session_only = {}
                log.warning("no keyring backend; user accepted a session-only in-memory secret store")

    def get(self, key: str) -> str | None:
        """Return the secret stored under ``key``, or None.

        Raises:
            SecretStoreError: No keyring and no approved fallback.
        """
        from keyring.errors import KeyringError

        with self._lock:
            if self.available:
                try:
                    return self._backend.get_password(SERVICE, key)
                except KeyringError as exc:
                    raise _error(exc) from exc
            return self._fallback().get(key)

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``.

        Raises:
            SecretStoreError: No keyring and no approved fallback, or the keyring refused.
        """
        from keyring.errors import KeyringError

        with self._lock:
            if self.available:
                try:
                    self._backend.set_password(SERVICE, key, value)
                except KeyringError as exc:
                    raise _error(exc) from exc
                return
            self._fallback()[key] = value

    def delete(self, key: str) -> None:
        """Forget the secret under ``key``; missing keys are ignored."""
        from keyring.errors import KeyringError, PasswordDeleteError

        with self._lock:
            if self.available:
                try:
                    self._backend.delete_password(SERVICE, key)
                except PasswordDeleteError:
                    pass
                except KeyringError as exc:
                    raise _error(exc) from exc
                return
            self._fallback().pop(key, None)

    def _fallback(self) -> dict[str, str]:
        if self._session_only is None:
            from app.core.errors import SecretStoreError

            raise SecretStoreError(self.backend_warning() or "no keyring backend")
        return self._session_only


def _error(exc: Exception) -> Exception:
    from app.core.errors import SecretStoreError

    return SecretStoreError(f"系统密钥环拒绝了操作：{type(exc).__name__}")
