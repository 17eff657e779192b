"""Evidence files: content-addressed copies, methods and reliability classes, conflicts.

Files are copied into the store's evidence folder under their SHA-256 name
(``evidence/ab/abcdef…``) in chunks while the hash is computed, written to a temporary file and
renamed into place, owner-only. The original path is never opened again: viewers, certificate
parsing and case packages use the stored copy (:func:`stored_path`).

Reliability classes follow the 2024 《商用密码应用安全性评估测评实施指引》: class 1 interview,
document review, site inspection; class 2 tool test, configuration check, code review; class 3
tracing and active tests (tampering, replay). A higher class is more reliable.

**When do two evidence items disagree?** An item may carry the D, A or K verdict it shows
(``details["observed"]``, e.g. a packet capture showing plaintext → ``{"D": "×"}``). Two items
of the same object in the same unit (items attached to the object without a unit count for
every unit) disagree when they observe different marks for the same indicator. The item of the
higher reliability class wins; equal classes stay an unresolved conflict for the assessor. The
entered mark is also checked against the winning observation (:func:`reconcile`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.contentstore import CHUNK, StoredFile, store_file, stored_path
from app.core.errors import InputError

__all__ = ["CHUNK", "StoredFile", "store_file", "stored_path"]  # the generic part lives in app.core.contentstore
INDICATORS = ("D", "A", "K")

METHODS: dict[str, int] = {
    "访谈": 1,
    "文档审查": 1,
    "实地察看": 1,
    "工具测试": 2,
    "配置检查": 2,
    "代码审查": 2,
    "溯源测试": 3,
    "主动测试（篡改/重放）": 3,
}
"""Evidence methods and their reliability class (2024 测评实施指引)."""

RELIABILITY_NAMES = {1: "一类（访谈/文档/察看）", 2: "二类（工具/配置/代码）", 3: "三类（溯源/主动测试）"}

KINDS = {
    "screenshot": "截图",
    "config": "配置导出",
    "capture": "抓包",
    "certificate": "证书",
    "document": "文档",
    "other": "其他",
}
DEFAULT_METHOD = {
    "screenshot": "配置检查",
    "config": "配置检查",
    "capture": "工具测试",
    "certificate": "工具测试",
    "document": "文档审查",
    "other": "文档审查",
}
"""The method proposed for a newly attached file of each kind (the assessor can change it)."""

_SUFFIX_KIND = {
    "screenshot": (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"),
    "capture": (".pcap", ".pcapng", ".cap"),
    "certificate": (".cer", ".crt", ".pem", ".der", ".cert"),
    "config": (".conf", ".cfg", ".ini", ".xml", ".json", ".yaml", ".yml", ".txt", ".log"),
    "document": (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".wps"),
}


def guess_kind(name: str) -> str:
    """The evidence kind suggested by a file name's suffix."""
    lower = name.lower()
    for kind, suffixes in _SUFFIX_KIND.items():
        if lower.endswith(suffixes):
            return kind
    return "other"


def reliability_of(method: str) -> int:
    """The reliability class of a method.

    Raises:
        InputError: Unknown method.
    """
    try:
        return METHODS[method]
    except KeyError:
        raise InputError("method", f"未知的取证方式 “{method}”；可选：{'、'.join(METHODS)}") from None


@dataclass(frozen=True)
class EvidenceRecord:
    """One evidence item of a case; identified by ``(sha256, unit_id, object_name)``.

    Attributes:
        sha256: Hash (and stored name) of the file.
        original_name: File name when it was attached (never opened again).
        size: Bytes.
        kind: ``screenshot``, ``config``, ``capture``, ``certificate``, ``document`` or ``other``.
        method: One of :data:`METHODS`.
        reliability: Its class 1–3.
        unit_id: The unit, or None for evidence about the object in every unit.
        object_name: The object, or None for evidence about the unit.
        note: Free text.
        details: ``observed`` marks ``{"D": "√"}`` and, for certificates, ``certificate``.
        added_at: When it was attached.
    """

    sha256: str
    original_name: str
    size: int
    kind: str
    method: str
    reliability: int
    unit_id: str | None
    object_name: str | None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    added_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What identifies the item within its case."""
        return (self.sha256, self.unit_id, self.object_name)

    @property
    def observed(self) -> dict[str, str]:
        """The D/A/K marks this item shows (may be empty)."""
        raw = self.details.get("observed") or {}
        return {k: str(v) for k, v in raw.items() if k in INDICATORS and v}

    def applies_to(self, unit_id: str, object_name: str | None) -> bool:
        """Whether the item is evidence for ``object_name`` in ``unit_id`` (or the unit itself)."""
        if object_name is None:
            return self.object_name is None and self.unit_id == unit_id
        return self.object_name == object_name and self.unit_id in (None, unit_id)


def validate_record(record: EvidenceRecord) -> None:
    """Check an evidence record before it is written.

    Raises:
        InputError: Naming the bad field.
    """
    if len(record.sha256) != 64 or any(c not in "0123456789abcdef" for c in record.sha256):
        raise InputError("sha256", "必须是 64 位小写十六进制 SHA-256")
    if record.unit_id is None and record.object_name is None:
        raise InputError("target", "证据必须附加到测评对象或测评单元")
    if record.kind not in KINDS:
        raise InputError("kind", f"未知的证据类型 “{record.kind}”")
    if reliability_of(record.method) != record.reliability:
        raise InputError("reliability", f"取证方式 “{record.method}” 属于第 {METHODS[record.method]} 类")
    for key, mark in record.observed.items():
        if mark not in ("√", "×", "/"):
            raise InputError(f"observed.{key}", "必须是 √、× 或 /")


@dataclass(frozen=True)
class Conflict:
    """Evidence about one object that disagrees (or disagrees with the entered mark).

    Attributes:
        unit_id: The unit.
        object_name: The object.
        indicator: ``D``, ``A`` or ``K``.
        winner: The observation that prevails (highest class), or None when classes tie.
        observations: ``(mark, reliability, file name)`` of every item observing the indicator.
        entered: The mark the assessor entered.
    """

    unit_id: str
    object_name: str
    indicator: str
    winner: str | None
    observations: tuple[tuple[str, int, str], ...]
    entered: str | None

    @property
    def message(self) -> str:
        """A one-line Chinese explanation."""
        seen = "；".join(f"{name}（第{cls}类）：{self.indicator}={mark}" for mark, cls, name in self.observations)
        if self.winner is None:
            return f"{self.indicator} 的证据相互矛盾且可靠性相同，需测评人员判定：{seen}"
        if len({m for m, _, _ in self.observations}) > 1:
            head = f"{self.indicator} 的证据相互矛盾，以可靠性更高的证据为准（{self.indicator}={self.winner}）"
            tail = "" if self.entered in (None, self.winner) else f"，但录入的是 {self.entered}"
            return f"{head}{tail}：{seen}"
        return f"录入的 {self.indicator}={self.entered} 与证据不一致（{self.indicator}={self.winner}）：{seen}"


def reconcile(
    items: Iterable[EvidenceRecord], unit_id: str, object_name: str, entered: dict[str, str | None]
) -> list[Conflict]:
    """Find disagreements among an object's evidence, and with the entered D/A/K.

    Args:
        items: All evidence of the case (filtered here).
        unit_id: The unit.
        object_name: The object.
        entered: The entered marks, ``{"D": "√", "A": None, …}``.
    """
    relevant = [e for e in items if e.applies_to(unit_id, object_name)]
    conflicts: list[Conflict] = []
    for indicator in INDICATORS:
        seen = [(e.observed[indicator], e.reliability, e.original_name) for e in relevant if indicator in e.observed]
        if not seen:
            continue
        best = max(cls for _, cls, _ in seen)
        top = {mark for mark, cls, _ in seen if cls == best}
        winner = next(iter(top)) if len(top) == 1 else None
        marks = {mark for mark, _, _ in seen}
        mark_entered = entered.get(indicator)
        disagree_entered = winner is not None and mark_entered is not None and mark_entered != winner
        if len(marks) > 1 or disagree_entered:
            ordered = tuple(sorted(seen, key=lambda s: (-s[1], s[2])))
            conflicts.append(Conflict(unit_id, object_name, indicator, winner, ordered, mark_entered))
    return conflicts
