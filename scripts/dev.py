#!/usr/bin/env python3
"""Bootstrap and run the workbench on a fresh Debian/Ubuntu machine.

    python3 scripts/dev.py run     # install what the app needs, then start it
    python3 scripts/dev.py test    # install what the tests need, then run every check and every test
    python3 scripts/dev.py check   # the fast lane: every check, and the tests not marked slow (< 5 min)

Both are idempotent: the virtual environment (.venv) is only re-installed when pyproject.toml
changes, Debian packages are only installed when missing, and translations are only rebuilt
when a .ts file changed. Without root, a missing Debian package stops the command with the one
apt-get line to run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"

# Shared libraries Qt needs for a real window (xcb) and QtWebEngine; most desktops have them.
RUN_DEBS = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libnss3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcomposite1",
    "libxdamage1",
    "libxrandr2",
    "libxtst6",
    "libasound2",
]
# Extra tools the test suite drives for real: PDF inspection, a PostgreSQL server, a browser.
TEST_DEBS = ["poppler-utils", "postgresql", "chromium", "openssl"]


def say(msg: str) -> None:
    print(f"[dev] {msg}", flush=True)


def run(cmd: list[str], **kw: object) -> int:
    return subprocess.call(cmd, cwd=ROOT, **kw)  # type: ignore[arg-type]


def missing_debs(names: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []  # not Debian-like: trust the machine
    missing = []
    for name in names:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
        ).stdout
        if "install ok installed" not in out:
            missing.append(name)
    return missing


def ensure_debs(names: list[str]) -> None:
    missing = missing_debs(names)
    if not missing:
        return
    line = "apt-get update && apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() != 0:
        say("missing Debian packages; run this as root, then re-run this command:")
        print(f"sudo sh -c '{line}'")
        raise SystemExit(1)
    say(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.call(["sh", "-c", line], env=env) != 0:
        raise SystemExit("apt-get failed")


def ensure_venv(extra: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs on whatever python3 the machine has
        raise SystemExit("Python 3.11 or later is needed")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    if PY.exists() and any(not p.name.endswith(digest) for p in VENV.glob(".installed-*")):
        # pyproject.toml changed: pip never removes packages that are no longer wanted (e.g. wheels
        # of a newer Qt after a downgrade), so start from a clean environment.
        say("pyproject.toml changed; recreating .venv")
        shutil.rmtree(VENV)
    if not PY.exists():
        say("creating .venv")
        if subprocess.call([sys.executable, "-m", "venv", str(VENV)]) != 0:
            ensure_debs(["python3-venv"])
            shutil.rmtree(VENV, ignore_errors=True)
            if subprocess.call([sys.executable, "-m", "venv", str(VENV)]) != 0:
                raise SystemExit("could not create the virtual environment")
    stamp = VENV / f".installed-{extra or 'app'}-{digest}"
    if stamp.exists():
        return
    target = f".[{extra}]" if extra else "."
    say(f"installing Python dependencies ({target})")
    rc = subprocess.call([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target], cwd=ROOT)
    if rc != 0:
        raise SystemExit("pip install failed")
    stamp.touch()


def build_translations() -> None:
    lrelease = VENV / "bin" / "pyside6-lrelease"
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        say(f"building {qm.name}")
        if subprocess.call([str(lrelease), "-silent", str(ts), "-qm", str(qm)]) != 0:
            raise SystemExit(f"lrelease failed for {ts.name}")


def cmd_run(args: list[str]) -> int:
    ensure_debs(RUN_DEBS)
    ensure_venv("")
    build_translations()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and "QT_QPA_PLATFORM" not in os.environ:
        say("no display found (DISPLAY is unset); starting offscreen — set DISPLAY to see the window")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.execv(str(VENV / "bin" / "workbench"), [str(VENV / "bin" / "workbench"), *args])


def _checks(pytest_args: list[str]) -> int:
    """ruff, ruff format, mypy, import-linter, then pytest with ``pytest_args``; each step reports its time."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1", PYTHONDONTWRITEBYTECODE="1")
    bin_ = VENV / "bin"
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", [str(bin_ / "ruff"), "check", "."]),
        ("ruff format", [str(bin_ / "ruff"), "format", "--check", "."]),
        ("mypy (strict: app, reports, ui; checked: scripts, tests)", [str(bin_ / "mypy")]),
        ("import-linter", [str(bin_ / "lint-imports")]),
        ("pytest", [str(PY), "-m", "pytest", "-q", *pytest_args]),
    ]
    failed = []
    for name, cmd in steps:
        say(f"== {name}")
        start = time.monotonic()
        rc = subprocess.call(cmd, cwd=ROOT, env=env)
        say(f"   {name}: {'ok' if rc == 0 else f'FAILED ({rc})'} in {time.monotonic() - start:.1f} s")
        if rc != 0:
            failed.append(name)
    if failed:
        say("FAILED: " + ", ".join(failed))
        return 1
    say("all checks passed")
    return 0


def cmd_test(args: list[str]) -> int:
    ensure_debs(RUN_DEBS + TEST_DEBS)
    ensure_venv("dev")
    build_translations()
    return _checks(args)


def cmd_check(args: list[str]) -> int:
    """The edit-test loop: the same checks, and the tests not marked slow (``-m "not slow"``)."""
    ensure_debs(RUN_DEBS + TEST_DEBS)
    ensure_venv("dev")
    build_translations()
    return _checks(["-m", "not slow", *args])


def cmd_bench(args: list[str]) -> int:
    ensure_debs(RUN_DEBS + TEST_DEBS)
    ensure_venv("dev")
    build_translations()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    return subprocess.call([str(PY), "-m", "tests.bench", *args], cwd=ROOT, env=env)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "check": cmd_check, "bench": cmd_bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
