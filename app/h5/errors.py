"""The H5 API's error model: ``{code, message}`` with plain-Chinese messages.

The codes and HTTP statuses are those of issue 12 (and h5-health-records.md §8). Messages never
contain internal detail or anybody's data: NAME_MISMATCH does not show the stored name. The
request's trace id travels in the ``X-Request-Id`` header, not in the body, so two answers that
must be indistinguishable (somebody else's reference and a missing one) are byte-for-byte equal.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

ERRORS: dict[str, tuple[int, str]] = {
    "ARCHIVE_NOT_FOUND": (404, "暂未查到您的健康档案。如您已在社区卫生服务中心或乡镇卫生院建档，请联系建档机构核实。"),
    "NAME_MISMATCH": (409, "档案信息与您的实名信息不一致，暂时无法查看。请联系建档机构核实，或提交纠错申请。"),
    "ARCHIVE_DUPLICATE": (409, "您的档案信息需要核实，暂时无法查看。请联系建档机构或家庭医生处理。"),
    "ARCHIVE_INACTIVE": (410, "您的健康档案已迁出或注销，暂时无法在线查看。如有疑问请联系原建档机构。"),
    "CERT_TYPE_UNSUPPORTED": (422, "暂不支持使用该类证件查询健康档案，目前仅支持居民身份证。"),
    "ZGT_TOKEN_INVALID": (401, "智桂通登录状态已失效，请重新进入。"),
    "SESSION_EXPIRED": (401, "登录已过期，请重新进入。"),
    "RATE_LIMITED": (429, "访问过于频繁，请稍后再试。"),
    "UPSTREAM_UNAVAILABLE": (503, "智桂通身份核验服务暂时不可用，请稍后再试。"),
    "RECORD_NOT_FOUND": (404, "该记录不存在或已被删除。"),
    "NOT_FOUND": (404, "页面或接口不存在。"),
    "METHOD_NOT_ALLOWED": (405, "不支持该请求方式。"),
    "BAD_REQUEST": (400, "请求格式不正确。"),
    "INVALID_FIELD": (422, "请求参数不正确。"),
    "BODY_TOO_LARGE": (413, "提交的内容过大。"),
    "INTERNAL_ERROR": (500, "服务暂时出现问题，请稍后再试。"),
}


@dataclass
class H5Error(Exception):
    """An expected API failure, rendered as ``{code, message}`` with the code's status.

    Attributes:
        code: One of :data:`ERRORS`.
        field: The offending request field (INVALID_FIELD), if any.
        reason: A finer reason a page may show a variant for (e.g. ``CERT_NO_INVALID``).
        headers: Extra response headers (``Retry-After``).
    """

    code: str
    field: str | None = None
    reason: str | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ERRORS:
            raise ValueError(f"unknown H5 error code {self.code}")
        super().__init__(self.code)

    @property
    def status(self) -> int:
        """The HTTP status of the code."""
        return ERRORS[self.code][0]

    @property
    def message(self) -> str:
        """The plain-Chinese message."""
        base = ERRORS[self.code][1]
        if self.code == "INVALID_FIELD" and self.field:
            return f"请求参数不正确：{self.field}。"
        return base

    def body(self) -> dict[str, str]:
        """The JSON body."""
        out = {"code": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        if self.reason:
            out["reason"] = self.reason
        return out
