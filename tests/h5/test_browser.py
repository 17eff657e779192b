"""The H5 page in Debian's chromium (Playwright, ``executable_path``; never ``playwright install``).

At a 390×844 mobile viewport, in standard and elder mode, through the whole flow: the 智桂通
shim's login, consent, home, 档案明细, follow-ups (list, filter, detail, back), exams, feedback,
help, and the no-archive and expired-token variants. On every screen the page checks
(``resources/h5-service/page-checks.js``) measure font sizes, contrast and tap targets and look for
unmasked names and certificate numbers. Screenshots go to the test's folder, and to docs/img when
``WORKBENCH_UPDATE_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.paths import resource_path
from app.h5.api import create_app
from app.h5.server import ThreadedServer
from tests.h5.conftest import H5App, open_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHECKS = resource_path("h5-service", "page-checks.js").read_text(encoding="utf-8")
README_SHOTS = {
    "h5-login-standard", "h5-home-standard", "h5-home-elder", "h5-followup-detail-standard",
    "h5-exam-detail-elder", "h5-no-archive-elder",
}  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="the test command installs Debian's chromium"),
]


def fontconfig(folder: Path) -> Path:
    """A fontconfig file adding the bundled CJK font, so Chinese renders without system CJK fonts."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{resource_path('fonts')}</dir><cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig(folder))},
        )  # fmt: skip
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def served(tmp_path: Path, h5_template: Path) -> Iterator[tuple[H5App, str]]:
    app = open_app(tmp_path / "h5", h5_template)
    server = ThreadedServer(create_app(app.runtime, purge=False))
    server.start()
    try:
        yield app, server.url
    finally:
        server.stop()
        app.runtime.close()


class Page:
    """One mobile page with console, request and CSP watchers."""

    def __init__(self, browser: Any, url: str, *, elder: bool, shots: Path) -> None:
        self.context = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
            locale="zh-CN", timezone_id="Asia/Shanghai",
        )  # fmt: skip
        self.page = self.context.new_page()
        self.base = url
        self.shots = shots
        self.console: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", self._request)
        self.page.goto(url + "/#/help")  # any page: set storage for the origin first
        if elder:
            self.page.evaluate("localStorage.setItem('h5-elder', '1')")
            self.page.reload()
        self.elder = elder

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.base, "data:")):
            self.foreign.append(request.url)

    def preset(self, key: str, *, expired: bool = False) -> None:
        self.page.evaluate(f"sessionStorage.setItem('zgt-sim-pick', '{key}')")
        if expired:
            self.page.evaluate("sessionStorage.setItem('zgt-sim-expired', '1')")

    def go(self, hash_: str) -> None:
        self.page.goto(f"{self.base}/{hash_}")

    def check(self, names: list[str], cert_nos: list[str]) -> dict[str, Any]:
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate(CHECKS)
        report: dict[str, Any] = self.page.evaluate("o => h5PageChecks(o)", {"names": names, "certNos": cert_nos})
        where = self.page.url.split("#")[-1]
        assert report["elder"] == self.elder, where
        assert report["contrastFailures"] == [], (where, report["contrastFailures"])
        assert report["tapFailures"] == [], (where, report["tapFailures"])
        assert report["unmasked"] == [], (where, report["unmasked"])
        if self.elder:
            assert report["minFontPx"] >= 18, (where, report["minFontText"], report["minFontPx"])
        else:
            assert report["minFontPx"] >= 14, (where, report["minFontText"])
        return report

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=False)


def _secrets(app: H5App) -> tuple[list[str], list[str]]:
    users = app.users()
    names = [u["name"] for u in users]
    numbers = [u["certNo"] for u in users] + [u["certNo"][:6] + u["certNo"][8:17] for u in users]
    return names, numbers


def _wait_text(page: Any, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=20_000)


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_whole_flow_at_390x844(browser: Any, served: tuple[H5App, str], tmp_path: Path, elder: bool) -> None:
    app, url = served
    names, numbers = _secrets(app)
    shots = tmp_path / "shots"
    shots.mkdir()
    mode = "elder" if elder else "standard"
    p = Page(browser, url, elder=elder, shots=shots)
    page = p.page
    viewport = page.evaluate("document.querySelector('meta[name=viewport]').content")
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport

    # P0 entry → the simulator's picker (UserPlugin.login) → P1 consent → P3 home.
    p.go("#/entry")
    page.locator(".zgt-sim button[data-key='r00001']").wait_for()
    p.check(names=[], cert_nos=[])  # the picker itself shows masked numbers only
    p.shot(f"h5-login-{mode}")
    page.click(".zgt-sim button[data-key='r00001']")
    _wait_text(page, "同意并查看")
    p.check(names, numbers)
    page.get_by_role("button", name="同意并查看").click()
    _wait_text(page, "最近一次测量")
    assert page.url.endswith("#/home")
    p.check(names, numbers)
    p.shot(f"h5-home-{mode}")

    # P4 档案明细
    page.get_by_role("link", name="健康档案明细").click()
    _wait_text(page, "药物过敏史")
    p.check(names, numbers)
    page.get_by_role("button", name="返回上一页").click()
    _wait_text(page, "最近一次测量")

    # P5 follow-ups: filter by type, P6 detail, the browser's back button and the page's 返回.
    page.get_by_role("link", name="随访记录").click()
    page.locator(".item").first.wait_for()
    p.check(names, numbers)
    p.shot(f"h5-followups-{mode}")
    chips = page.locator(".chip")
    if chips.count() > 1:
        chips.nth(1).click()
        page.wait_for_url("**type=*")
        page.locator(".item").first.wait_for()
    page.locator(".item").first.click()
    _wait_text(page, "用药情况")
    assert "#/followups/f_" in page.url
    p.check(names, numbers)
    p.shot(f"h5-followup-detail-{mode}")
    page.go_back()
    page.locator(".item").first.wait_for()
    assert "#/followups" in page.url and "/f_" not in page.url
    page.locator(".item").first.click()
    _wait_text(page, "用药情况")
    page.get_by_role("button", name="返回上一页").click()
    page.locator(".item").first.wait_for()
    assert "/f_" not in page.url

    # P7/P8 exams
    p.go("#/exams")
    page.locator(".item").first.wait_for()
    p.check(names, numbers)
    page.locator(".item").first.click()
    _wait_text(page, "辅助检查")
    p.shot(f"h5-exam-detail-{mode}")
    page.locator("details.section").nth(3).locator("summary").click()  # open a collapsed section
    p.check(names, numbers)

    # P9/P10 feedback from the detail page, then the list.
    page.get_by_role("link", name="对此记录有疑问").click()
    _wait_text(page, "问题描述")
    p.check(names, numbers)
    page.get_by_role("button", name="提交").click()
    _wait_text(page, "请填写问题描述")
    page.fill("#description", "这次体检的血糖结果与我在医院复查的不一致。")
    page.fill("#phone", "13800001234")
    page.get_by_role("button", name="提交").click()
    _wait_text(page, "受理编号")
    page.get_by_role("link", name="查看我的反馈").click()
    _wait_text(page, "等待建档机构核实答复")
    assert "138****1234" in page.inner_text("main") and "13800001234" not in page.content()
    p.check(names, numbers)

    # P11 help
    p.go("#/help")
    _wait_text(page, "控制满意")
    p.check(names, numbers)

    assert p.foreign == [], "no third-party requests"
    assert not [m for m in p.console if m.startswith(("log:", "error:", "pageerror:", "warning:"))], p.console
    page.evaluate("sessionStorage.getItem('h5-session')")
    assert not page.evaluate("Object.keys(localStorage).filter(k => k !== 'h5-elder')")  # nothing else persisted
    p.context.close()
    _publish(shots, mode)


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("no-archive", "暂未查到您的健康档案"),
        ("name-mismatch", "档案信息与实名信息不一致"),
        ("duplicate", "您的档案信息需要核实"),
        ("inactive", "您的档案已迁出或注销"),
        ("passport", "暂不支持该类证件"),
    ],
)
def test_no_archive_variants(browser: Any, served: tuple[H5App, str], tmp_path: Path, key: str, title: str) -> None:
    app, url = served
    names, numbers = _secrets(app)
    p = Page(browser, url, elder=True, shots=tmp_path)
    p.preset(key)
    p.go("#/entry")
    _wait_text(p.page, title)
    assert "#/no-archive/" in p.page.url
    report = p.check(names, numbers)
    assert report["minFontPx"] >= 18
    if key == "name-mismatch":
        stored = app.user("r00002")["name"]
        assert stored not in p.page.content()
        p.shot("h5-no-archive-elder")
        _publish(tmp_path, "no-archive")
    p.context.close()


def test_expired_token_retries_once_then_explains(browser: Any, served: tuple[H5App, str], tmp_path: Path) -> None:
    _, url = served
    p = Page(browser, url, elder=False, shots=tmp_path)
    exchanges: list[int] = []
    p.page.on("response", lambda r: exchanges.append(r.status) if r.url.endswith("/auth/zgt/exchange") else None)
    p.preset("r00001", expired=True)
    p.go("#/entry")
    _wait_text(p.page, "登录已失效")
    assert exchanges == [401, 401]  # one silent retry with a fresh token, then the message
    p.page.evaluate("sessionStorage.removeItem('zgt-sim-expired')")
    p.page.get_by_role("button", name="重试").click()
    _wait_text(p.page, "同意并查看")
    p.context.close()


def test_expired_session_logs_in_again_and_returns(browser: Any, served: tuple[H5App, str], tmp_path: Path) -> None:
    app, url = served
    p = Page(browser, url, elder=False, shots=tmp_path)
    p.preset("r00003")
    p.go("#/entry")
    p.page.get_by_role("button", name="同意并查看").click()
    _wait_text(p.page, "最近一次测量")
    p.go("#/exams")
    p.page.locator(".item").first.wait_for()
    app.clock.advance(minutes=16)  # idle time-out on the server
    p.go("#/basic")
    _wait_text(p.page, "药物过敏史")  # re-exchanged through 智桂通 and back on the page asked for
    assert p.page.url.endswith("#/basic")
    p.context.close()


def test_outside_zgt_the_page_says_so(browser: Any, served: tuple[H5App, str], tmp_path: Path) -> None:
    _, url = served
    p = Page(browser, url, elder=False, shots=tmp_path)
    p.page.route("**/sim/zgt/shim.js", lambda route: route.fulfill(status=404, body=""))
    p.page.goto(f"{url}/?outside=1#/entry")  # a full load without the bridge
    _wait_text(p.page, "请在智桂通App中打开")
    p.context.close()


def _publish(shots: Path, mode: str) -> None:
    """Copy the screenshots into docs/img when asked to (README pictures)."""
    if os.environ.get("WORKBENCH_UPDATE_SCREENSHOTS") != "1":
        return
    target = ROOT / "docs" / "img"
    for png in shots.glob("h5-*.png"):
        if png.stem in README_SHOTS:
            shutil.copyfile(png, target / png.name)
    del mode
