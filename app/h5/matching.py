"""Matching a verified 智桂通 identity to exactly one 公卫 archive (h5-health-records.md §3.4).

The certificate number is the key (it comes from 智桂通's verified real-name identity); the
name is the safety check. Candidates are found by the blind index of the normalised number,
never by the plaintext::

    no candidate                         → ARCHIVE_NOT_FOUND (404)
    candidates, none of them active      → ARCHIVE_INACTIVE (410, 迁出/注销/死亡)
    more than one active candidate       → ARCHIVE_DUPLICATE (409; never guess)
    normalised names equal               → MATCHED
    equal except rare-character slots    → MATCHED_FUZZY (when the policy allows it)
    otherwise                            → NAME_MISMATCH (409; the stored name is never shown)
"""

from __future__ import annotations

from dataclasses import dataclass

from app.h5.identity import cert_types, normalize_name
from app.h5.records import Candidate

ACTIVE = "ACTIVE"


@dataclass(frozen=True)
class MatchResult:
    """The outcome of matching: a status and, when matched, the archive."""

    status: str
    archive_id: int | None = None
    candidates: int = 0


def _is_rare_slot(ch: str) -> bool:
    code = ord(ch)
    return ch in "?？\ufffd" or 0xE000 <= code <= 0xF8FF or code >= 0x20000


def equal_except_rare(a: str, b: str) -> bool:
    """Same length, and every differing position is a stand-in for a rare character in at least one name.

    A stand-in is ``?``, U+FFFD, a private-use code point (造字) or a supplementary-plane character.
    """
    if len(a) != len(b) or a == b:
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return all(_is_rare_slot(x) or _is_rare_slot(y) for x, y in diffs) and len(diffs) <= 2


def match(name: str, candidates: list[Candidate], *, allow_fuzzy: bool) -> MatchResult:
    """Apply the match rule to the archives found for the identity's certificate number."""
    usable = [c for c in candidates if _gw_type_matches(c.cert_type)]
    if not usable:
        return MatchResult("ARCHIVE_NOT_FOUND")
    active = [c for c in usable if c.status == ACTIVE]
    if not active:
        return MatchResult("ARCHIVE_INACTIVE", candidates=len(usable))
    if len(active) > 1:
        return MatchResult("ARCHIVE_DUPLICATE", candidates=len(active))
    archive = active[0]
    wanted, stored = normalize_name(name), normalize_name(archive.name)
    if wanted and wanted == stored:
        return MatchResult("MATCHED", archive.archive_id, 1)
    if allow_fuzzy and equal_except_rare(wanted, stored):
        return MatchResult("MATCHED_FUZZY", archive.archive_id, 1)
    return MatchResult("NAME_MISMATCH", candidates=1)


def _gw_type_matches(code: str) -> bool:
    found = cert_types().lookup("GW", code)
    return found is not None and found.code == "RESIDENT_ID"
