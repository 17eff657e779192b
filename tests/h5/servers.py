"""Starting ``workbench h5 serve`` as a real process on a free loopback port (and stopping it)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(path: Path, key_file: Path, *, residents: int = 40, **limits: int) -> Path:
    lines = [
        "[keys]",
        'source = "file"',
        f'key_file = "{key_file}"',
        "[demo]",
        f"residents = {residents}",
        "[log]",
        "access_log = false",
    ]
    if limits:
        lines.append("[limits]")
        lines += [f"{k} = {v}" for k, v in limits.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Server:
    """One ``workbench h5 serve`` process."""

    def __init__(self, data_dir: Path, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, WORKBENCH_DATA_DIR=str(data_dir), PYTHONDONTWRITEBYTECODE="1")
        env.pop("WORKBENCH_DB_URL", None)
        self.log = data_dir / f"server-{self.port}.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli.main", "h5", "serve", "--port", str(self.port), *args],
            stdout=self._out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 180) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited {self.proc.returncode}: {self.log.read_text(errors='replace')[-3000:]}"
                )
            try:
                if httpx.get(self.url + "/", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"server not ready in {timeout} s: {self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._out.close()
        return int(self.proc.returncode)
