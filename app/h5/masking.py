"""Server-side masking of personal data in every H5 response (GB/T 35273 展示限制).

The rules of h5-health-records.md §4; raw values never leave the server:

=============  ==========================================================================
Field          Display
=============  ==========================================================================
姓名           1 character ``*``; 2 characters ``张*``; 3 or more: first and last kept,
               the rest ``*`` (``张*明``, ``欧**娜``); a middle dot ``·`` stays visible
               (``阿**·**曼``). At least one character is always masked.
身份证号       first 3 and last 4 (``450***********123X``)
其他证件号     first 1–2 and last 1–3, never more than half (``E1*****78``); 4 or fewer all ``*``
手机号         ``138****1234``; other numbers keep the last 4 at most
健康档案编号   last 6 only
=============  ==========================================================================
"""

from __future__ import annotations

MASK = "*"
_DOTS = frozenset("·•・.．")


def mask_name(name: str) -> str:
    """Mask a person's name; the middle dot of a minority name stays visible."""
    name = name.strip()
    if not name:
        return ""
    letters = [i for i, ch in enumerate(name) if ch not in _DOTS and not ch.isspace()]
    if len(letters) <= 1:
        return "".join(ch if (ch in _DOTS or ch.isspace()) else MASK for ch in name)
    keep = {letters[0]} if len(letters) == 2 else {letters[0], letters[-1]}
    return "".join(ch if (i in keep or ch in _DOTS or ch.isspace()) else MASK for i, ch in enumerate(name))


def mask_id_number(number: str) -> str:
    """Mask an 18-character resident ID number: first 3 and last 4 (``450***********123X``)."""
    if len(number) != 18:
        return mask_cert_number(number)
    return number[:3] + MASK * 11 + number[-4:]


def mask_cert_number(number: str) -> str:
    """Mask a certificate number of any type; never more than half of it stays visible."""
    n = len(number)
    if n == 18:
        return mask_id_number(number)
    if n <= 4:
        return MASK * n
    visible = min(5, n // 2)
    head = visible // 2
    tail = visible - head
    return number[:head] + MASK * (n - visible) + number[-tail:]


def mask_phone(phone: str) -> str:
    """Mask a phone number: ``138****1234`` for a mobile number, the last 4 at most otherwise."""
    digits = phone.strip()
    n = len(digits)
    if n == 0:
        return ""
    if n == 11 and digits.isdigit() and digits.startswith("1"):
        return digits[:3] + MASK * 4 + digits[-4:]
    if n <= 6:
        return MASK * (n - min(2, n // 3)) + digits[n - min(2, n // 3) :]
    return MASK * (n - 4) + digits[-4:]


def phr_tail(phr_id: str) -> str:
    """The last 6 characters of a 健康档案编号 (the rest is never shown)."""
    return phr_id[-6:]
