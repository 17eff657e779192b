"""Read the case fingerprint back from a report PDF (``workbench verify-report``).

The fingerprint is written into the PDF's ``Keywords`` metadata as
``mipin-case-sha256:<64 hex>`` and printed on the cover. The metadata is read first; if a
tool rewrote the file without it, the cover text of the first page is used.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.errors import InputError
from app.core.oserrors import os_error_text
from app.mipin.fingerprint import find_fingerprint

_COVER = re.compile(r"SHA-256）：\s*((?:[0-9a-f]{8}\s*){8})")


def read_fingerprint(path: str | Path) -> str | None:
    """Return the fingerprint recorded in the report at ``path``, or None if it has none.

    Raises:
        InputError: The file cannot be read or is not a PDF.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    path = Path(path)
    try:
        reader = PdfReader(path)
        meta = reader.metadata
        keywords = str(meta.get("/Keywords", "")) if meta else ""
        found = find_fingerprint(keywords)
        if found:
            return found
        if not reader.pages:
            return None
        text = reader.pages[0].extract_text() or ""
    except FileNotFoundError:
        raise InputError(str(path), "文件不存在") from None
    except OSError as exc:
        raise InputError(str(path), f"无法读取文件（{os_error_text(exc)}）") from None
    except (PdfReadError, ValueError) as exc:
        raise InputError(str(path), f"不是有效的 PDF 文件（{exc}）") from None
    match = _COVER.search(text)
    return re.sub(r"\s", "", match.group(1)) if match else None
