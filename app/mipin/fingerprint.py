"""The report fingerprint: SHA-256 of a case's canonical ``mipin-case/1`` content.

Definition (stable; printed reports depend on it):

1. Parse the case (:func:`app.mipin.engine.parse_case`) and write it back with
   :func:`app.mipin.engine.dump_case`. This resolves aliases (``pass`` → ``√``, ``rsa1024`` →
   ``RSA-1024``), drops empty optional fields and fixes number forms, so two files that mean
   the same case have the same canonical value.
2. Serialise that value as JSON with ``sort_keys=True``, ``separators=(",", ":")`` and
   ``ensure_ascii=False`` (no whitespace, object keys sorted, Chinese kept as characters).
3. Encode the text as UTF-8 and take SHA-256; the fingerprint is the 64 lower-case hex digits.

The canonical content is the whole case (docs/mipin-case-format.md §1.6): the header, period and
phases, units, objects and their types, records, decisions, risk ratings and the evidence list —
every field the report prints comes from it, so changing any of them changes the fingerprint.
Not covered, because they are not the case's: the report date given with ``--date``, the number
of copies, the settings' default 测评机构 used when the case names none, and the store's audit
summary (appendix B.11). A case without record-keeping fields has the same fingerprint as before
they existed. Array order does count (units, objects and decisions keep their order).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from app.mipin.engine import CaseInput, dump_case

FINGERPRINT_PREFIX = "mipin-case-sha256:"
"""How the fingerprint is tagged in PDF metadata (``Keywords``) and text."""

_HEX64 = re.compile(r"[0-9a-f]{64}")


def canonical_bytes(data: Mapping[str, Any]) -> bytes:
    """Return the canonical UTF-8 JSON bytes of an already canonical ``mipin-case/1`` dict."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def case_fingerprint(case: CaseInput) -> str:
    """Return the SHA-256 fingerprint (64 hex digits) of a parsed case."""
    return hashlib.sha256(canonical_bytes(dump_case(case))).hexdigest()


def find_fingerprint(text: str) -> str | None:
    """Return the fingerprint tagged with :data:`FINGERPRINT_PREFIX` in ``text``, or None."""
    start = text.find(FINGERPRINT_PREFIX)
    if start < 0:
        return None
    match = _HEX64.match(text, start + len(FINGERPRINT_PREFIX))
    return match.group(0) if match else None
