"""``/api/h5/v1/me/*``: the resident's own records (the person comes from the session only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from app.h5 import feedback
from app.h5.api.deps import SessionDep, context
from app.h5.api.schemas import FeedbackIn
from app.h5.runtime import H5Runtime

PREFIX = "/api/h5/v1/me"
KIND = Query(default=None, alias="type", pattern="^(HTN|T2DM)$")
YEAR = Query(default=None, ge=1990, le=2100)
CURSOR = Query(default=None, max_length=400)
SIZE = Query(default=20, ge=1, le=50)


def router(runtime: H5Runtime) -> APIRouter:
    """The me/* routes; every one needs ``Authorization: Bearer <sessionToken>``."""
    service = runtime.service
    r = APIRouter(prefix=PREFIX)

    @r.get("/summary")
    def summary(s: SessionDep, request: Request) -> dict[str, Any]:
        """The 档案首页."""
        return service.summary(s, context(request))

    @r.get("/basic-info")
    def basic_info(s: SessionDep, request: Request) -> dict[str, Any]:
        """The 健康档案明细."""
        return service.basic_info(s, context(request))

    @r.get("/followups")
    def followups(
        s: SessionDep,
        request: Request,
        kind: str | None = KIND,
        year: int | None = YEAR,
        cursor: str | None = CURSOR,
        size: int = SIZE,
    ) -> dict[str, Any]:
        """Follow-ups by type and year, newest first."""
        return service.followups(s, context(request), kind=kind, year=year, cursor=cursor, size=size)

    @r.get("/followups/{ref}")
    def followup(ref: str, s: SessionDep, request: Request) -> dict[str, Any]:
        """One follow-up's form."""
        return service.followup(s, ref, context(request))

    @r.get("/exams")
    def exams(
        s: SessionDep, request: Request, year: int | None = YEAR, cursor: str | None = CURSOR, size: int = SIZE
    ) -> dict[str, Any]:
        """Exams, newest first."""
        return service.exams(s, context(request), year=year, cursor=cursor, size=size)

    @r.get("/exams/{ref}")
    def exam(ref: str, s: SessionDep, request: Request) -> dict[str, Any]:
        """One exam's form."""
        return service.exam(s, ref, context(request))

    @r.post("/feedback")
    def submit(body: FeedbackIn, s: SessionDep, request: Request) -> dict[str, str]:
        """Submit a 纠错 request."""
        return feedback.submit(
            service, s, context(request), resource_type=body.resourceType, ref=body.ref or None,
            issue_type=body.issueType, description=body.description, contact_phone=body.contactPhone,
        )  # fmt: skip

    @r.get("/feedback")
    def mine(s: SessionDep, request: Request) -> dict[str, Any]:
        """The resident's 纠错 requests with status and reply."""
        return feedback.list_mine(service, s, context(request))

    return r
