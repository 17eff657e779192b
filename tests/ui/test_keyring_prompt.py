from __future__ import annotations

from keyring.backends import fail

from PySide6.QtWidgets import QMessageBox

from app.core.secrets import SecretStore
from tests.ui.fakes import answering
from ui.dialogs.keyring_prompt import ensure_secret_store


def test_asks_before_using_a_weaker_store(qtbot, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.No, asked, arg=2))
    secrets = SecretStore(fail.Keyring())
    assert ensure_secret_store(None, secrets) is False
    assert "密钥环" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Yes, asked, arg=2))
    assert ensure_secret_store(None, secrets) is True
    secrets.set("k", "v")
    assert secrets.get("k") == "v"


def test_no_question_with_a_keyring(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (_ for _ in ()).throw(AssertionError("asked")))
    assert ensure_secret_store(None, SecretStore()) is True
