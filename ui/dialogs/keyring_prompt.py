"""Ask before anything weaker than the OS keyring holds a secret."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.secrets import SecretStore


def ensure_secret_store(parent: QWidget | None, secrets: SecretStore) -> bool:
    """Return True when secrets can be kept: a keyring exists, or the user accepted the fallback.

    Without a keyring the user is told so and asked whether the secret may be kept in memory
    for this run only; declining means the secret is not kept at all.
    """
    if secrets.available:
        return True
    warning = secrets.backend_warning() or ""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("KeyringPrompt", "未找到系统密钥环"),
        warning + "\n\n" + QCoreApplication.translate("KeyringPrompt", "是否仅在本次运行期间将口令保存在内存中？"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    secrets.allow_session_only_fallback()
    return True
