"""English can be chosen; ``workbench screenshot`` writes a non-blank PNG with Chinese text."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from app.core.paths import resource_path


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def test_english_translation_is_built_and_complete(qapp) -> None:
    qm = resource_path("translations", "workbench_en.qm")
    assert qm.exists(), "run the install step (scripts/dev.py) to build .qm files"
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "测评检查表") == "Checklist"
    assert translator.translate("Settings", "界面语言") == "Interface language"


def test_main_window_in_english(qtbot, bare_ctx) -> None:
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    bare_ctx.settings.set("language", "en")
    try:
        window = build_window(bare_ctx, SyncRunner())
        qtbot.addWidget(window)
        assert window.tab_names()[0] == "Checklist"
        assert window.menuBar().actions()[0].text() == "&File"
        # every menu entry, whichever feature added it, is in English (the context lupdate records
        # is the one used at run time)
        texts = [m.text() for m in window.menuBar().actions()]
        texts += [a.text() for name in window.menus.names() for a in window.menu(name).actions()]
        chinese = [t for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
        assert not chinese, chinese
    finally:
        from ui.i18n import install_translators

        install_translators(_app(), "zh_CN")  # replaces the English ones


def _render(text: str, family: str) -> QImage:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont(family, 28))
    painter.setPen(QColor("black"))
    painter.drawText(4, 48, text)
    painter.end()
    return image


def test_chinese_glyphs_are_real_glyphs_not_boxes(qapp) -> None:
    from ui.fonts import register_app_font

    family = register_app_font(qapp)
    # Missing glyphs all draw the same .notdef box; real glyphs differ from each other.
    assert _render("测", family) != _render("评", family)
    assert _render("测", family) != _render("", family)


@pytest.mark.parametrize("tab", ["测评检查表", "运维SLA看板"])
def test_screenshot_command_writes_a_non_blank_png(qapp, data_dir: Path, tmp_path: Path, tab: str) -> None:
    from app.cli.main import main

    out = tmp_path / "shot.png"
    assert main(["--data-dir", str(data_dir), "screenshot", "--tab", tab, "-o", str(out), "--size", "1280x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 8, "the screenshot looks blank"
    # the rendered tab bar carries the Chinese tab titles in the bundled font
    assert QApplication.font().family() == "WenQuanYi Micro Hei"


def test_screenshot_rejects_an_unknown_tab(qapp, data_dir: Path, tmp_path: Path, capsys) -> None:
    from app.cli.main import main

    assert main(["--data-dir", str(data_dir), "screenshot", "--tab", "没有这个", "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "--tab" in err and len(err.strip().splitlines()) == 1


def test_every_ui_string_has_an_english_translation(tmp_path: Path) -> None:
    """Extract the strings afresh with lupdate: none may lack an English entry."""
    import json
    import shutil
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    root = Path(__file__).resolve().parents[2]
    ts = tmp_path / "check_en.ts"
    shutil.copy(root / "resources" / "translations" / "workbench_en.ts", ts)
    sources = sorted(str(p) for p in (root / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), *sources, "-no-obsolete", "-locations", "none", "-silent", "-ts", str(ts)],
        check=True,
        capture_output=True,
    )
    glossary: dict[str, str] = {}
    for part in sorted((root / "resources" / "translations" / "glossary").glob("en-*.json")):
        glossary.update(json.loads(part.read_text(encoding="utf-8")))
    missing = {
        m.findtext("source") or ""
        for m in ET.parse(ts).iter("message")
        if m.findtext("source") not in glossary and m.find("translation[@type='unfinished']") is not None
    }
    where = "resources/translations/glossary/en-<feature>.json"
    assert not missing, f"run scripts/translations.py and add these to {where}: {sorted(missing)[:20]}"


def test_screenshot_takes_a_tab_title_in_the_interface_language(qapp, data_dir: Path, tmp_path: Path) -> None:
    from app.bootstrap import CliContext
    from app.cli.main import main
    from ui.i18n import install_translators

    ctx = CliContext(data_dir=str(data_dir), seed_demo=False)
    ctx.settings.set("language", "en")
    ctx.close()
    try:
        for name in ("High risks", "高风险判定", "risks"):
            out = tmp_path / f"{name}.png"
            assert main(["--data-dir", str(data_dir), "screenshot", "--tab", name, "-o", str(out)]) == 0
            assert QImage(str(out)).width() == 1440
    finally:
        install_translators(_app(), "zh_CN")
