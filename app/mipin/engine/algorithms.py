"""Cryptographic algorithm and protocol tables, and the name-matching rule.

The tables themselves are data (``resources/catalogue/algorithms.json`` and ``protocols.json``);
this module only defines their record types and the lookup behaviour:

* :func:`normalise_name` folds a name for comparison. Case, whitespace, ``-``, ``_`` and the
  letter ``v`` are ignored, so ``TLSv1.0`` matches ``TLS 1.0`` and ``rsa1024`` matches
  ``RSA-1024``.
* :class:`NameTable` maps every name and alias of a table to its record and rejects an
  ambiguous table (two entries folding to the same key) when the catalogue is loaded.
* :func:`ra_band` applies the Ra bands of the 2023 quantification rules (table 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

_IGNORED = re.compile(r"[\s\-_vV]+")


@lru_cache(maxsize=4096)  # a re-score looks up every object's names: ≈30,000 calls on 1,000 objects
def normalise_name(name: str) -> str:
    """Fold an algorithm or protocol name for comparison.

    Args:
        name: A name as typed by an assessor, e.g. ``"TLSv1.2"`` or ``"rsa_2048"``.

    Returns:
        The lower-cased name without whitespace, ``-``, ``_`` and ``v``, e.g. ``"tls1.2"``.
    """
    return _IGNORED.sub("", name).casefold()


@dataclass(frozen=True)
class AlgorithmDef:
    """One cryptographic algorithm of the catalogue.

    Attributes:
        name: The canonical name, e.g. ``"RSA-2048"``.
        aliases: Other accepted spellings (matched with :func:`normalise_name`).
        kind: ``block_cipher``, ``stream_cipher``, ``asymmetric``, ``hash``, ``mac`` or
            ``key_agreement``.
        approved: Whether it is an approved commercial (国密) algorithm.
        strength_bits: Its security strength in bits, which selects Ra when A is ×.
        high_risk_item: ``"5.1"`` when merely listing it makes the object a high-risk
            candidate (MD5, DES, SHA-1, RSA below 2048 bits), else ``None``.
        note: Why the strength or classification was chosen, if not obvious.
    """

    name: str
    aliases: tuple[str, ...]
    kind: str
    approved: bool
    strength_bits: int
    high_risk_item: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ProtocolDef:
    """One cryptographic protocol of the catalogue.

    Attributes:
        name: The canonical name, e.g. ``"TLS 1.2"``.
        aliases: Other accepted spellings.
        kind: ``tls``, ``ssh`` or ``ipsec``.
        national_standard: Whether it is specified by a national or 密码行业 standard (TLCP, IPSec).
        high_risk_item: ``"5.2"`` for the protocols the high-risk guide names as flawed.
        note: Free-text remark.
    """

    name: str
    aliases: tuple[str, ...]
    kind: str
    national_standard: bool
    high_risk_item: str | None = None
    note: str = ""


@dataclass(frozen=True)
class RaBand:
    """One row of the Ra table: strengths of at least ``min_bits`` give ``ra``."""

    min_bits: int
    ra: Decimal


class _Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=_Named)


class NameTable(Generic[T]):
    """A lookup table from every folded name and alias to its record.

    Args:
        entries: The records, in catalogue order.
        what: What the table holds, for error messages (e.g. ``"algorithm"``).

    Raises:
        ValueError: Two names of the table fold to the same key (a broken resource file).
    """

    def __init__(self, entries: Iterable[T], what: str) -> None:
        self._entries: tuple[T, ...] = tuple(entries)
        self._by_key: dict[str, T] = {}
        for entry in self._entries:
            for spelling in (entry.name, *entry.aliases):
                key = normalise_name(spelling)
                other = self._by_key.get(key)
                if other is not None and other is not entry:
                    raise ValueError(f"{what} names {other.name!r} and {spelling!r} are ambiguous")
                self._by_key[key] = entry

    def find(self, name: str) -> T | None:
        """Return the record named ``name`` (any accepted spelling), or None if unknown."""
        return self._by_key.get(normalise_name(name))

    def __iter__(self) -> Iterator[T]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def ra_band(bits: int, bands: tuple[RaBand, ...]) -> RaBand:
    """Return the Ra band of an algorithm of ``bits`` strength (bands sorted by descending ``min_bits``)."""
    for band in bands:
        if bits >= band.min_bits:
            return band
    return bands[-1]
