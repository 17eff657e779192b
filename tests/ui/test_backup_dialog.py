"""工具 → 从备份恢复…: the dialog lists backups, restores after a backup of the current state, reloads the window.

Message boxes are patched, never driven (style anchors §5.14).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.mipin.cases import CaseHeader, create_case, list_cases
from app.store import backup
from tests.ui.fakes import answering
from ui.features.backups.dialog import BackupTableModel, RestoreBackupDialog, reason_text
from ui.tasks import SyncRunner


def _menu_action(window, name: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.objectName() == name)


def test_the_tools_menu_has_the_backup_actions(main_window) -> None:
    tools = next(a.menu() for a in main_window.menuBar().actions() if a.text().startswith("工具"))
    names = [a.objectName() for a in tools.actions()]
    assert "backup_now" in names and "restore_backup" in names


def test_the_dialog_lists_backups_newest_first(main_window, bare_ctx, qtbot, qtmodeltester) -> None:
    store = bare_ctx.store
    backup.create_backup(store, reason="startup")
    backup.create_backup(store, reason="before-replace-case-3")
    dialog = RestoreBackupDialog(main_window.services, main_window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    first = dialog.model.index(0, BackupTableModel.COL_REASON).data()
    assert first == "替换测评项目 #3 前"
    selected = dialog.selected()
    assert selected is not None and selected.reason == "before-replace-case-3"
    assert dialog.restore_button.isEnabled()
    assert reason_text("startup") == "启动时自动备份"


def test_backup_now_adds_a_row(main_window, qtbot) -> None:
    dialog = RestoreBackupDialog(main_window.services, main_window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    dialog.backup_button.click()
    assert dialog.model.rowCount() == 1


def test_restore_backs_up_first_and_reloads_the_window(main_window, bare_ctx, qtbot, monkeypatch) -> None:
    store = bare_ctx.store
    taken = backup.create_backup(store, reason="manual")
    assert taken is not None
    later = create_case(store, CaseHeader(system_name="备份之后新建的系统", level=2))
    main_window.reload_cases()
    assert main_window.select_case(later)
    asked: list[str] = []
    informed: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Yes, asked, arg=2))
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **_kw: informed.append(args[2]))
    dialog = RestoreBackupDialog(main_window.services, main_window)
    qtbot.addWidget(dialog)
    from ui.features.backups.feature import reload_after_restore

    dialog.restored.connect(lambda _safety: reload_after_restore(main_window))
    row = next(
        r for r in range(dialog.model.rowCount()) if getattr(dialog.model.backup_at(r), "name", "") == taken.name
    )
    dialog.table.selectRow(row)
    dialog.restore_button.click()
    assert asked and "先自动备份" in asked[0]
    assert informed and "恢复前的状态已备份为" in informed[0]
    assert [c.system_name for c in list_cases(store)] == ["梧州市测试系统"]
    # the window shows the restored data: the case created after the backup is gone
    assert main_window.case_switcher.count() == 1
    assert main_window.current_case_id != later
    reasons = [b.reason for b in backup.list_backups(bare_ctx.paths.backup_dir)]
    assert "before-restore" in reasons
    assert dialog.model.rowCount() == 2  # the list now shows the safety backup too


def test_cancelling_the_confirmation_changes_nothing(main_window, bare_ctx, qtbot, monkeypatch) -> None:
    store = bare_ctx.store
    backup.create_backup(store)
    create_case(store, CaseHeader(system_name="保留的系统", level=2))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Cancel)
    dialog = RestoreBackupDialog(main_window.services, main_window)
    qtbot.addWidget(dialog)
    dialog.restore_button.click()
    assert len(list_cases(store)) == 2
    assert len(backup.list_backups(bare_ctx.paths.backup_dir)) == 1


def test_a_damaged_backup_is_refused_with_a_message(main_window, bare_ctx, qtbot, monkeypatch) -> None:
    taken = backup.create_backup(bare_ctx.store)
    assert taken is not None
    taken.write_bytes(b"not a database at all" * 100)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_kw: warned.append(args[2]))
    dialog = RestoreBackupDialog(main_window.services, main_window)
    qtbot.addWidget(dialog)
    dialog.restore_button.click()
    assert warned and "无法读取" in warned[0]
    assert [c.system_name for c in list_cases(bare_ctx.store)] == ["梧州市测试系统"]


def test_the_menu_action_opens_the_dialog(main_window, monkeypatch) -> None:
    opened: list[RestoreBackupDialog] = []
    monkeypatch.setattr(RestoreBackupDialog, "exec", answering(0, opened))
    _menu_action(main_window, "restore_backup").trigger()
    assert len(opened) == 1


def test_backup_now_from_the_menu(main_window, bare_ctx) -> None:
    _menu_action(main_window, "backup_now").trigger()
    main_window.services.runner.wait()
    assert len(backup.list_backups(bare_ctx.paths.backup_dir)) == 1


def test_autobackup_backs_up_at_start_and_after_edits(bare_ctx, qtbot) -> None:
    from ui.features.backups.autobackup import AutoBackup

    store = bare_ctx.store
    auto = AutoBackup(store, SyncRunner(), 30, keep=(3, 1))
    auto.start()
    auto.timer.stop()
    assert auto.last_backup is not None and auto.last_backup.name.endswith("-startup.sqlite3")
    auto.on_timer_timeout()  # nothing edited: no backup
    assert len(backup.list_backups(bare_ctx.paths.backup_dir)) == 1
    create_case(store, CaseHeader(system_name="编辑", level=1))
    for _ in range(5):
        auto.on_timer_timeout()
        create_case(store, CaseHeader(system_name="再编辑", level=1))
    assert len(backup.list_backups(bare_ctx.paths.backup_dir)) == 3  # keep=(3, 1): the newest three today


def _break_backups(paths) -> None:
    """Make the backup folder unusable for real: a file where the folder should be."""
    import shutil

    shutil.rmtree(paths.backup_dir, ignore_errors=True)
    paths.backup_dir.write_text("not a folder", encoding="utf-8")


def _repair_backups(paths) -> None:
    paths.backup_dir.unlink()
    paths.backup_dir.mkdir(mode=0o700)


def test_a_failed_automatic_backup_stays_visible_until_a_backup_succeeds(main_window, bare_ctx, monkeypatch) -> None:
    feature = main_window.feature("backups")
    tools = main_window.menu("tools")
    problem = next(a for a in tools.actions() if a.objectName() == "backup_problem")
    assert not problem.isVisible() and main_window.status.warnings() == {}
    _break_backups(bare_ctx.paths)
    main_window.start_session()  # the interactive session starts the automatic backups
    feature.auto.timer.stop()
    assert feature.auto.problem is not None
    assert bare_ctx.store.backup_health.status.failing  # the store's record agrees
    (warning,) = main_window.status.warnings().values()
    assert warning.startswith("自动备份失败")
    assert problem.isVisible() and "自动备份失败" in problem.text()
    main_window.status.show_message("别的消息", 100)  # a later message does not hide it
    assert main_window.status.warnings()
    # the restore dialog says so too
    opened: list[RestoreBackupDialog] = []
    monkeypatch.setattr(RestoreBackupDialog, "exec", answering(0, opened))
    problem.trigger()
    assert opened and not opened[0].problem.isHidden() and "自动备份失败" in opened[0].problem.text()
    # the next tick retries even without new edits, and fails again while the folder is broken
    feature.auto.on_timer_timeout()
    assert main_window.status.warnings()
    # a manual backup that works ends the warning everywhere
    _repair_backups(bare_ctx.paths)
    _menu_action(main_window, "backup_now").trigger()
    assert feature.auto.problem is None
    assert bare_ctx.store.backup_health.status.warning() is None
    assert main_window.status.warnings() == {}
    assert not problem.isVisible()
    assert opened[0].problem.isHidden()


def test_the_restore_dialog_backup_button_ends_the_warning(main_window, bare_ctx, qtbot, monkeypatch) -> None:
    feature = main_window.feature("backups")
    _break_backups(bare_ctx.paths)
    feature.auto.start()
    feature.auto.timer.stop()
    assert main_window.status.warnings()
    _repair_backups(bare_ctx.paths)
    dialog = RestoreBackupDialog(main_window.services, main_window, feature.auto)
    qtbot.addWidget(dialog)
    assert not dialog.problem.isHidden()
    dialog.backup_button.click()
    assert dialog.model.rowCount() == 1
    assert dialog.problem.isHidden() and main_window.status.warnings() == {}
