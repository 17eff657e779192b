"""Request bodies of the API (pydantic): lengths and enumerations are checked before any work."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Body(BaseModel):
    # Unknown fields are ignored: nothing but these fields is ever read (the person never
    # comes from a parameter).
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ExchangeIn(_Body):
    """``POST /auth/zgt/exchange``: the token from ``UserPlugin.login``."""

    zgtToken: str = Field(min_length=1, max_length=512)
    clientIp: str | None = Field(default=None, max_length=64)


class ConsentIn(_Body):
    """``POST /auth/consent``: the notice version the resident agreed to."""

    noticeVersion: str = Field(min_length=1, max_length=16)
    scope: Literal["VIEW_ARCHIVE"] = "VIEW_ARCHIVE"


class FeedbackIn(_Body):
    """``POST /me/feedback``: one 纠错 request."""

    resourceType: Literal["SUMMARY", "BASIC", "FOLLOWUP", "EXAM"]
    ref: str | None = Field(default=None, max_length=200)
    issueType: Literal["NOT_RECEIVED", "WRONG_VALUE", "NOT_MINE", "DISEASE_WRONG", "OTHER"]
    description: str = Field(min_length=1, max_length=500)
    contactPhone: str | None = Field(default=None, max_length=20)

    @field_validator("contactPhone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        digits = value.replace("-", "").replace(" ", "")
        if not digits.isdigit() or not 7 <= len(digits) <= 12:
            raise ValueError("电话号码格式不正确")
        return digits


class SimLoginIn(_Body):
    """``POST /sim/zgt/login`` (demo only): the identity to log in as."""

    name: str = Field(min_length=1, max_length=64)
    certType: str = Field(min_length=1, max_length=16)
    certNo: str = Field(min_length=1, max_length=40)
    expired: bool = False
