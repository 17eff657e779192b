"""文件 → 导出/导入案例包: plain and encrypted export, import new / as copy / replace, refusals.

File dialogs, passphrase prompts and questions are patched, never driven (style anchors §5.14).
"""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.core.paths import AppPaths
from app.mipin.cases import export_case, list_cases
from app.mipin.packages import crypto, export_package, is_encrypted_package
from app.store import backup
from app.store.store import Store
from tests.safety.helpers import make_rich_case, snapshot
from tests.ui.fakes import answering
from ui.features.packages import actions as package_actions
from ui.features.packages.actions import ask_conflict, ask_encrypt

PASS = "梧州-密评-2026!"


@pytest.fixture
def other_laptop_package(tmp_path):
    """A package exported on another laptop (a different store)."""
    paths = AppPaths.resolve(tmp_path / "laptop-b")
    paths.ensure()
    store = Store.open(paths)
    case_id = make_rich_case(store)
    out = tmp_path / "from-b.wbcase"
    export_package(store, case_id, out)
    data = export_case(store, case_id)
    store.close()
    return out, data


def _actions(window):
    return window.feature("packages")


def test_the_file_menu_has_the_package_actions(main_window) -> None:
    file_menu = next(a.menu() for a in main_window.menuBar().actions() if a.text().startswith("文件"))
    names = [a.objectName() for a in file_menu.actions()]
    assert names.index("import_package") < names.index("export_package") < names.index("quit")


def test_export_plain(main_window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.wbcase"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(package_actions, "ask_encrypt", lambda _parent: False)
    _actions(main_window).export_action.trigger()
    main_window.services.runner.wait()
    result = _actions(main_window).last_export
    assert result is not None and not result.encrypted and target.exists()
    assert not is_encrypted_package(target)


def test_export_encrypted_asks_the_passphrase_twice(main_window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "sealed.wbcase"
    prompts: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(package_actions, "ask_encrypt", lambda _parent: True)
    monkeypatch.setattr(QInputDialog, "getText", answering((PASS, True), prompts, arg=2))
    _actions(main_window).export_action.trigger()
    assert len(prompts) == 2
    assert is_encrypted_package(target)
    assert PASS not in main_window.statusBar().currentMessage()


def test_export_is_cancelled_when_the_passphrases_differ(main_window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "sealed.wbcase"
    answers = iter([(PASS, True), (PASS + "x", True)])
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(package_actions, "ask_encrypt", lambda _parent: True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_k: warned.append(args[2]))
    _actions(main_window).export_action.trigger()
    assert warned and "不一致" in warned[0]
    assert not target.exists()


def test_import_a_new_case_selects_it(main_window, bare_ctx, other_laptop_package, monkeypatch) -> None:
    package, data = other_laptop_package
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    _actions(main_window).import_action.trigger()
    result = _actions(main_window).last_import
    assert result is not None and result.mode == "new"
    assert main_window.current_case_id == result.case_id
    assert export_case(bare_ctx.store, result.case_id) == data
    assert main_window.case_switcher.count() == 2


def test_import_existing_case_as_copy_or_replace(main_window, bare_ctx, other_laptop_package, monkeypatch) -> None:
    package, _data = other_laptop_package
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    _actions(main_window).import_action.trigger()
    first = _actions(main_window).last_import.case_id
    choices = iter(["copy", "replace", None])
    asked: list[tuple[int, str]] = []

    def conflict(_parent, existing_id, name):
        asked.append((existing_id, name))
        return next(choices)

    monkeypatch.setattr(package_actions, "ask_conflict", conflict)
    _actions(main_window).import_action.trigger()
    copy = _actions(main_window).last_import
    assert asked[0][0] == first and copy.mode == "copy" and copy.system_name.endswith("（副本）")
    _actions(main_window).import_action.trigger()
    replaced = _actions(main_window).last_import
    assert replaced.mode == "replace" and replaced.case_id == first and replaced.backup is not None
    before = snapshot(bare_ctx.store)
    _actions(main_window).import_action.trigger()  # cancelled
    assert snapshot(bare_ctx.store) == before
    assert not list((bare_ctx.paths.data_dir / "tmp").iterdir())
    assert len(list_cases(bare_ctx.store)) == 3
    assert any(b.reason.startswith("before-replace-case") for b in backup.list_backups(bare_ctx.paths.backup_dir))


def test_import_encrypted_asks_for_the_passphrase(main_window, bare_ctx, store, tmp_path, monkeypatch) -> None:
    case_id = make_rich_case(store)
    sealed = tmp_path / "sealed.wbcase"
    export_package(store, case_id, sealed, passphrase=PASS, scrypt_n=crypto.MIN_SCRYPT_N)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(sealed), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("wrong passphrase", True))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_k: warned.append(args[2]))
    monkeypatch.setattr(package_actions, "ask_conflict", lambda *_a: "copy")
    _actions(main_window).import_action.trigger()
    assert warned and "口令错误" in warned[0]
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (PASS, True))
    _actions(main_window).import_action.trigger()
    assert _actions(main_window).last_import is not None


def test_a_tampered_package_is_refused_with_its_reason(main_window, bare_ctx, other_laptop_package, monkeypatch):
    package, _data = other_laptop_package
    raw = bytearray(package.read_bytes())
    raw[len(raw) // 3] ^= 0x40
    package.write_bytes(bytes(raw))
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *_a: warned.append((title, text)))
    before = snapshot(bare_ctx.store)
    _actions(main_window).import_action.trigger()
    assert warned and warned[0][0] == "导入失败，未导入任何内容"
    assert "改动" in warned[0][1] or "损坏" in warned[0][1]
    assert snapshot(bare_ctx.store) == before


@pytest.mark.parametrize(("label", "expected"), [("加密（推荐）", True), ("不加密", False), ("Cancel", None)])
def test_ask_encrypt(main_window, monkeypatch, label, expected) -> None:
    _pick_button(monkeypatch, label)
    assert ask_encrypt(main_window) is expected


@pytest.mark.parametrize(
    ("label", "expected"), [("作为副本导入", "copy"), ("替换现有项目（先备份）", "replace"), ("Cancel", None)]
)
def test_ask_conflict(main_window, monkeypatch, label, expected) -> None:
    _pick_button(monkeypatch, label)
    assert ask_conflict(main_window, 7, "某系统") == expected


def _pick_button(monkeypatch, label: str) -> None:
    """Make QMessageBox.exec "click" the button with this text (or the Cancel button)."""

    picked: dict[int, object] = {}

    def fake_exec(box: QMessageBox) -> int:
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        picked[id(box)] = cancel if label == "Cancel" else next(b for b in box.buttons() if b.text() == label)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: picked[id(box)])
