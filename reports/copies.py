"""Copies of the report: who receives which copy, and the template's distribution sentence.

Template (2023 edition, 1.4 报告分发范围): "本报告一式【N】份，其中【a】份提交密码管理部门，
【b】份提交委托单位，【c】份由密评机构留存。"

Rule used here: copy 1 goes to the 密码管理部门, copy 2 to the 委托单位, and every further copy
(3, 4, …) stays with the 密评机构. With one copy only, it is the 密评机构's archive copy (a
single print is the assessor's working copy); with two, 1 → 密码管理部门 and 2 → 委托单位 and
the archive keeps none.
"""

from __future__ import annotations

from dataclasses import dataclass

AUTHORITY = "密码管理部门"
CLIENT = "委托单位"
ARCHIVE = "密评机构"

MAX_COPIES = 9


@dataclass(frozen=True)
class CopyInfo:
    """One copy of the report.

    Attributes:
        number: 1-based copy number.
        total: How many copies the report has.
        recipient: 密码管理部门 / 委托单位 / 密评机构.
    """

    number: int
    total: int
    recipient: str

    @property
    def mark(self) -> str:
        """``第1份/共3份``."""
        return f"第{self.number}份/共{self.total}份"

    @property
    def recipient_text(self) -> str:
        """``提交密码管理部门`` / ``提交委托单位`` / ``密评机构留存``."""
        return f"{ARCHIVE}留存" if self.recipient == ARCHIVE else f"提交{self.recipient}"


def recipient_for(number: int, total: int) -> str:
    """Return who receives copy ``number`` of ``total`` (see the module rule)."""
    if total == 1:
        return ARCHIVE
    if number == 1:
        return AUTHORITY
    if number == 2:
        return CLIENT
    return ARCHIVE


def plan_copies(total: int) -> tuple[CopyInfo, ...]:
    """Return the copies of a report printed ``total`` times (1–9).

    Raises:
        ValueError: ``total`` is outside 1–9.
    """
    if not 1 <= total <= MAX_COPIES:
        raise ValueError(f"copies must be 1–{MAX_COPIES}, got {total}")
    return tuple(CopyInfo(n, total, recipient_for(n, total)) for n in range(1, total + 1))


def distribution_sentence(total: int) -> str:
    """The template's distribution sentence.

    Example: ``本报告一式3份，其中1份提交密码管理部门，1份提交委托单位，1份由密评机构留存。``
    """
    copies = plan_copies(total)
    count = {who: sum(1 for c in copies if c.recipient == who) for who in (AUTHORITY, CLIENT, ARCHIVE)}
    return (
        f"本报告一式{total}份，其中{count[AUTHORITY]}份提交{AUTHORITY}，{count[CLIENT]}份提交{CLIENT}，"
        f"{count[ARCHIVE]}份由{ARCHIVE}留存。"
    )
