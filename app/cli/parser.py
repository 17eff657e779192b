"""An argparse parser that reports errors in one line with exit code 2."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class OneLineArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose errors are a single ``workbench: error: …`` line (exit 2)."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and exit with status 2."""
        sys.stderr.write(f"workbench: error: {message}\n")
        raise SystemExit(2)
