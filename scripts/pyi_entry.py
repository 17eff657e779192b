"""PyInstaller entry point: the same ``workbench`` command as the pyproject entry point."""

import sys

from app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
