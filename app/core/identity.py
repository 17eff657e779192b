"""Resident identity numbers (GB 11643-1999) and masking of personal data."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^[1-9][0-9]{16}[0-9X]$")


def check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("expected 17 digits")
    total = sum(int(ch) * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def is_valid_id_number(value: str) -> bool:
    """True when ``value`` is an 18-character ID number with a valid date and check character."""
    value = value.upper()
    if not _SHAPE.match(value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return check_digit(value[:17]) == value[17]


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """Build a valid ID number from a 6-digit region code, a birth date and a 3-digit sequence."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def mask_id_number(value: str) -> str:
    """Mask an ID number for display: keep the first 6 and last 4 characters (``450403********123X``)."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_name(name: str) -> str:
    """Mask a Chinese name for display: keep the surname (``张*``, ``欧阳**``)."""
    if not name:
        return ""
    compound = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙")
    keep = 2 if name[:2] in compound and len(name) > 2 else 1
    return name[:keep] + "*" * max(1, len(name) - keep)
