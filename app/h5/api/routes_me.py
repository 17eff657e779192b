"""``/api/h5/v1/me/*``: the resident's own records (the person comes from the session only).

Answers are returned as ready ``JSONResponse`` objects: the bodies are plain JSON values already,
so FastAPI's generic encoder (the slowest step for a large exam form) is skipped. The hottest,
``me/summary``, is rendered by orjson with the same bytes (:mod:`app.h5.api.responses`).
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.h5 import feedback
from app.h5.api.deps import ExamsSession, FollowupsSession, SessionDep, context
from app.h5.api.responses import FastJSONResponse
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
    r = APIRouter(prefix=PREFIX, default_response_class=JSONResponse)

    # The two hottest routes never take a request thread: the session check, the audit record
    # and the read run in one trip to the writer thread (app.h5.batch), awaited on the loop.
    @r.get("/summary")
    async def summary(request: Request) -> FastJSONResponse:
        """The 档案首页."""
        auth = request.headers.get("authorization")
        body = await service.view(auth, context(request), "VIEW_SUMMARY", service.summary, service.summaries)
        return FastJSONResponse(body)

    @r.get("/basic-info")
    async def basic_info(request: Request) -> JSONResponse:
        """The 健康档案明细."""
        auth = request.headers.get("authorization")
        return JSONResponse(await service.view(auth, context(request), "VIEW_BASIC", service.basic_info))

    @r.get("/followups")
    def followups(
        s: FollowupsSession,
        kind: str | None = KIND,
        year: int | None = YEAR,
        cursor: str | None = CURSOR,
        size: int = SIZE,
    ) -> JSONResponse:
        """Follow-ups by type and year, newest first."""
        return JSONResponse(service.followups(s, kind=kind, year=year, cursor=cursor, size=size))

    @r.get("/followups/{ref}")
    def followup(ref: str, s: SessionDep, request: Request) -> JSONResponse:
        """One follow-up's form."""
        return JSONResponse(service.followup(s, ref, context(request)))

    @r.get("/exams")
    def exams(s: ExamsSession, year: int | None = YEAR, cursor: str | None = CURSOR, size: int = SIZE) -> JSONResponse:
        """Exams, newest first."""
        return JSONResponse(service.exams(s, year=year, cursor=cursor, size=size))

    @r.get("/exams/{ref}")
    def exam(ref: str, s: SessionDep, request: Request) -> JSONResponse:
        """One exam's form."""
        return JSONResponse(service.exam(s, ref, context(request)))

    @r.post("/feedback")
    def submit(body: FeedbackIn, s: SessionDep, request: Request) -> JSONResponse:
        """Submit a 纠错 request."""
        return JSONResponse(
            feedback.submit(
                service, s, context(request), resource_type=body.resourceType, ref=body.ref or None,
                issue_type=body.issueType, description=body.description, contact_phone=body.contactPhone,
            )
        )  # fmt: skip

    @r.get("/feedback")
    def mine(s: SessionDep, request: Request) -> JSONResponse:
        """The resident's 纠错 requests with status and reply."""
        return JSONResponse(feedback.list_mine(service, s, context(request)))

    return r
