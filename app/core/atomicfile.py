"""Write a file so that readers see the old content or the new, never a part (reports, exports).

The new content goes to a temporary file next to the target (same folder, hence the same file
system), which then replaces the target in one rename. On any failure, also an interrupt, the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replace_atomically(target: Path, *, prefix: str, suffix: str) -> Iterator[Path]:
    """A temporary file next to ``target`` that replaces it when the block ends without an error.

    Args:
        target: The file to write; its folder must exist.
        prefix: How the temporary file's name starts (a dot keeps it hidden).
        suffix: How the temporary file's name ends.

    Yields:
        The temporary file's path (the file exists and is empty).
    """
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
