"""Regression: the pinned PySide6 must not leak references to None.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a Qt method that
returns nothing; after some tens of thousands of calls CPython aborts with "deallocating None"
(a long assessment session ends in a crash). 6.11.3 does not. Run in a child process so a
regression aborts the child, not the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(50_000):
    label.setText("测评")
    label.update()
app.processEvents()
print(before - sys.getrefcount(None))
"""


def test_no_none_reference_leak_in_void_qt_calls() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 100
