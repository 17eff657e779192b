"""Logging: one rotating file in the platform log folder, noisy libraries quietened.

Personal data never reaches the log: callers log ids and masked values only, and
:class:`MaskingFilter` masks anything that still looks like a resident ID number.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from app.core.identity import mask_id_number

LOG_FILE_NAME = "workbench.log"
_ID_NUMBER = re.compile(
    r"(?<![0-9])(?:"
    r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"  # GB 11643, 18
    r"|[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}"  # the old 15-digit numbers
    r")(?![0-9Xx])"
)
_PLAIN = logging.Formatter()


def mask_id_numbers(text: str) -> str:
    """Replace resident ID numbers (18 digits, and the old 15) in ``text`` by ``110101********123X``-style masks."""
    return _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)


class MaskingFilter(logging.Filter):
    """Last line of defence: masks resident ID numbers in the whole record — message, traceback, stack.

    An exception's text (``str(exc)``, SQL parameters in a driver error, a ``repr`` in a frame) can
    carry a number just as a message can, so the traceback is formatted here, masked, and left in
    ``record.exc_text``, which every :class:`logging.Formatter` prints instead of formatting the
    exception again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record with ID numbers masked; never drops a record."""
        message = record.getMessage()
        masked = mask_id_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_id_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_id_numbers(record.stack_info)
        return True


_configured_for: Path | None = None


def setup_logging(log_dir: Path, *, verbose: bool = False) -> Path:
    """Send log records to ``log_dir/workbench.log`` (rotating, owner-only) and return its path.

    Args:
        log_dir: The folder for the log file; created if missing.
        verbose: Also print DEBUG records to stderr.
    """
    global _configured_for
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    if _configured_for == path:
        return path
    for handler in list(root.handlers):
        if getattr(handler, "_workbench", False):
            root.removeHandler(handler)
            handler.close()
    old_umask = os.umask(0o077)
    try:
        file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    finally:
        os.umask(old_umask)
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler.addFilter(MaskingFilter())
    file_handler._workbench = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if verbose:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG)
        stream.addFilter(MaskingFilter())
        stream._workbench = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("sqlalchemy", "alembic", "PIL", "fontTools", "asyncio", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _configured_for = path
    return path
