"""Normalising the identity 智桂通 returns before it is matched: names, ID numbers, certificate types.

The rules are those of issue 12 and h5-health-records.md §3:

* **Names** are NFKC-normalised and trimmed; zero-width characters go, whitespace next to a CJK
  character or a middle dot goes, other whitespace runs become one space, Latin letters are
  upper-cased, and every middle-dot look-alike between two name characters becomes U+00B7
  (the national rule for minority names, GB 18030 A1A4).
* **ID numbers** (GB 11643-1999) are NFKC-normalised (full-width digits), stripped of spaces and
  hyphens, given an upper-case ``X`` and checked: shape, birth date and check character. A
  15-digit legacy number is upgraded to 18 digits (``19`` inserted after the address code, the
  check character computed).
* **Certificate types** go through the explicit table in ``resources/h5-service/cert-types.json``;
  codes are never compared across systems.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from app.core.identity import check_digit
from app.core.paths import resource_path

MIDDLE_DOT = "\u00b7"
_DOT_LOOKALIKES = frozenset(".．•∙・･‧⋅·●。\u00b7")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SHAPE_18 = re.compile(r"^[1-9][0-9]{16}[0-9X]$")
_SHAPE_15 = re.compile(r"^[1-9][0-9]{14}$")
_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")


class CertNumberError(ValueError):
    """The certificate number is not a valid GB 11643 number (shape, date or check character)."""


def _is_cjk(ch: str) -> bool:
    if ch == MIDDLE_DOT:
        return True
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK symbols, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xE000 <= code <= 0xF8FF  # private use: 生僻字 stored as PUA code points
        or 0x20000 <= code <= 0x3FFFF  # supplementary ideographs (Ext. B and later)
    )


def normalize_name(raw: str) -> str:
    """Return the comparison form of a person's name.

    Args:
        raw: A name as 智桂通 or the 公卫 database holds it.

    Returns:
        The normalised name; two names match when their normalised forms are equal.
    """
    text = unicodedata.normalize("NFKC", raw).translate(_ZERO_WIDTH).strip()
    chars = list(text)
    # Middle-dot look-alikes between two name characters (spaces around the dot allowed).
    for i, ch in enumerate(chars):
        if ch in _DOT_LOOKALIKES:
            left = "".join(chars[:i]).rstrip()
            right = "".join(chars[i + 1 :]).lstrip()
            if left and right:
                chars[i] = MIDDLE_DOT
    text = "".join(chars)
    out: list[str] = []
    parts = re.split(r"(\s+)", text)
    for idx, part in enumerate(parts):
        if not part:
            continue
        if part.isspace():
            before = parts[idx - 1][-1:] if idx > 0 else ""
            after = parts[idx + 1][:1] if idx + 1 < len(parts) else ""
            if before and after and not (_is_cjk(before) or _is_cjk(after)):
                out.append(" ")
            continue
        out.append(part)
    return "".join(out).upper()


def upgrade_15_to_18(number: str) -> str:
    """Upgrade a 15-digit ID number (pre-1999, two-digit year) to its 18-digit form."""
    if not _SHAPE_15.match(number):
        raise CertNumberError("15 位身份证号码格式不正确")
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_digit(first17)


def normalize_id_number(raw: str) -> str:
    """Return the canonical 18-character GB 11643 form of a resident ID number.

    Raises:
        CertNumberError: The number has the wrong shape, an impossible birth date or a wrong
            check character.
    """
    text = unicodedata.normalize("NFKC", raw).translate(_ZERO_WIDTH)
    text = _SEPARATORS.sub("", text).upper()
    if len(text) == 15:
        text = upgrade_15_to_18(text)
    if not _SHAPE_18.match(text):
        raise CertNumberError("证件号码应为 18 位（或 15 位旧号码）")
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError as exc:
        raise CertNumberError("证件号码中的出生日期无效") from exc
    if birth.year < 1880:
        raise CertNumberError("证件号码中的出生日期无效")
    if check_digit(text[:17]) != text[17]:
        raise CertNumberError("证件号码校验位不正确")
    return text


def normalize_other_number(raw: str) -> str:
    """The comparison form of a non-GB-11643 certificate number: NFKC, no separators, upper case."""
    text = unicodedata.normalize("NFKC", raw).translate(_ZERO_WIDTH)
    return _SEPARATORS.sub("", text).upper()


@dataclass(frozen=True)
class CertType:
    """An internal certificate type.

    Attributes:
        code: The internal code, e.g. ``RESIDENT_ID``.
        name: The Chinese name shown to people.
        checksum: ``GB11643`` when numbers carry the GB 11643 check character, else ``NONE``.
        supported: Whether archives are matched for this type (phase 1: resident ID only).
    """

    code: str
    name: str
    checksum: str
    supported: bool


@dataclass(frozen=True)
class CertTypeTable:
    """The explicit certificate-type mapping of ``cert-types.json``."""

    internal: dict[str, CertType]
    sources: dict[str, dict[str, str]]

    def lookup(self, source: str, code: str) -> CertType | None:
        """The internal type of ``code`` in ``source`` (``ZGT`` or ``GW``), or None when unknown."""
        key = unicodedata.normalize("NFKC", str(code)).strip().upper()
        internal = self.sources.get(source, {}).get(key)
        return self.internal.get(internal) if internal else None

    def source_code(self, source: str, internal: str) -> str:
        """The first code of ``source`` that maps to ``internal`` (for demo data and the simulator)."""
        for code, value in self.sources[source].items():
            if value == internal:
                return code
        raise KeyError(internal)


@cache
def cert_types() -> CertTypeTable:
    """Load the certificate-type table from resources (once per process)."""
    data = json.loads(resource_path("h5-service", "cert-types.json").read_text(encoding="utf-8"))
    internal = {
        code: CertType(code, v["name"], v["checksum"], bool(v["supported"])) for code, v in data["internal"].items()
    }
    sources = {name: {str(k).upper(): str(v) for k, v in table.items()} for name, table in data["sources"].items()}
    for name, table in sources.items():
        for code, value in table.items():
            if value not in internal:
                raise ValueError(f"cert-types.json: sources.{name}.{code} maps to unknown type {value}")
    return CertTypeTable(internal, sources)
