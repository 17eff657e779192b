"""纠错/异议: residents report wrong or unknown records (PIPL 第46条), and see the answers.

A request names the kind of record (``BASIC`` … ``EXAM``), optionally the record's opaque
reference (checked for ownership like every detail call), the kind of problem and a
description. Descriptions and phone numbers are personal data: SM4-GCM at rest, the phone
masked in every answer. Each request is routed to the archive's institution (``org_name``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from app.h5.audit import AuditEntry
from app.h5.db import transaction
from app.h5.errors import H5Error
from app.h5.masking import mask_phone
from app.h5.service import H5Service, RequestContext
from app.h5.state import SessionInfo
from app.h5.tables import h5_feedback

RESOURCE_TYPES = {"SUMMARY": "档案首页", "BASIC": "健康档案明细", "FOLLOWUP": "随访记录", "EXAM": "体检记录"}
ISSUE_TYPES = {
    "NOT_RECEIVED": "未接受过该服务",
    "WRONG_VALUE": "信息有误",
    "NOT_MINE": "不是我本人的记录",
    "DISEASE_WRONG": "疾病标识有误",
    "OTHER": "其他问题",
}
STATUS_NAMES = {
    "SUBMITTED": "已提交",
    "ACCEPTED": "已受理",
    "PROCESSING": "处理中",
    "RESOLVED": "已办结",
    "REJECTED": "不予更正",
}
PER_DAY = 10
_REF_KINDS = {"FOLLOWUP": "f", "EXAM": "e"}


def submit(
    service: H5Service,
    session: SessionInfo,
    ctx: RequestContext,
    *,
    resource_type: str,
    ref: str | None,
    issue_type: str,
    description: str,
    contact_phone: str | None,
) -> dict[str, str]:
    """Store one 纠错 request and return its number.

    Raises:
        H5Error: RECORD_NOT_FOUND for a reference that is not the resident's, RATE_LIMITED after
            :data:`PER_DAY` requests in a day.
    """
    archive = service.archives.archive(session.archive_id)
    if archive is None:
        raise H5Error("SESSION_EXPIRED")
    kind = _REF_KINDS.get(resource_type)
    record_id: int | None = None
    if ref:
        if kind is None:
            raise H5Error("INVALID_FIELD", field="ref")
        record_id = service.refs.open(kind, ref, session.archive_id)
        found = None
        if record_id is not None:
            found = (
                service.archives.followup(session.archive_id, record_id)
                if kind == "f"
                else service.archives.exam(session.archive_id, record_id)
            )
        if found is None:
            raise H5Error("RECORD_NOT_FOUND")
    now = service.clock.now()
    with transaction(service.engine) as conn:
        today = conn.execute(
            select(func.count())
            .select_from(h5_feedback)
            .where(h5_feedback.c.archive_id == session.archive_id, h5_feedback.c.created_at > now - timedelta(days=1))
        ).scalar_one()
    if today >= PER_DAY:
        raise H5Error("RATE_LIMITED", reason="FEEDBACK_PER_DAY")
    for _attempt in range(5):
        number = f"FK{service.today():%Y%m%d}{secrets.randbelow(10**6):06d}"
        try:
            with transaction(service.engine) as conn:
                conn.execute(
                    insert(h5_feedback).values(
                        feedback_no=number,
                        archive_id=session.archive_id,
                        person=session.person,
                        resource_type=resource_type,
                        resource_kind=kind if record_id is not None else None,
                        resource_id=record_id,
                        issue_type=issue_type,
                        description_cipher=service.cipher.encrypt(description, f"h5_feedback.description|{number}"),
                        contact_phone_cipher=service.cipher.encrypt(contact_phone, f"h5_feedback.phone|{number}")
                        if contact_phone
                        else None,
                        org_name=archive.org_name,
                        status="SUBMITTED",
                        reply="",
                        replied_at=None,
                        created_at=now,
                        updated_at=now,
                    )
                )
                service.audit.append(
                    conn,
                    now,
                    AuditEntry(
                        "SUBMIT_FEEDBACK", "OK", session.token_hash[:32], session.person, number,
                        service.cipher.pseudonym("ip", ctx.client_ip), ctx.request_id,
                    ),
                )  # fmt: skip
        except IntegrityError:
            continue
        return {"feedbackNo": number, "status": "SUBMITTED", "statusName": STATUS_NAMES["SUBMITTED"]}
    raise H5Error("INTERNAL_ERROR")  # pragma: no cover - five random collisions in a row


def list_mine(service: H5Service, session: SessionInfo, ctx: RequestContext) -> dict[str, Any]:
    """The resident's own requests, newest first, with status and reply."""
    f = h5_feedback.c
    with service.engine.connect() as conn:
        rows = conn.execute(
            select(h5_feedback)
            .where(f.archive_id == session.archive_id)
            .order_by(f.created_at.desc(), f.id.desc())
            .limit(100)
        ).all()
    items = []
    for r in rows:
        phone = (
            service.cipher.decrypt(r.contact_phone_cipher, f"h5_feedback.phone|{r.feedback_no}")
            if r.contact_phone_cipher
            else None
        )
        ref = None
        if r.resource_id is not None and r.resource_kind:
            ref = service.refs.seal(r.resource_kind, int(r.resource_id), session.archive_id)
        items.append(
            {
                "feedbackNo": r.feedback_no,
                "resourceType": r.resource_type,
                "resourceTypeName": RESOURCE_TYPES.get(r.resource_type, r.resource_type),
                "ref": ref,
                "issueType": r.issue_type,
                "issueTypeName": ISSUE_TYPES.get(r.issue_type, r.issue_type),
                "description": service.cipher.decrypt(r.description_cipher, f"h5_feedback.description|{r.feedback_no}"),
                "contactPhoneMasked": mask_phone(phone) if phone else None,
                "orgName": r.org_name,
                "status": r.status,
                "statusName": STATUS_NAMES.get(r.status, r.status),
                "reply": r.reply,
                "createdAt": r.created_at.isoformat(timespec="seconds"),
                "repliedAt": r.replied_at.isoformat(timespec="seconds") if r.replied_at else None,
            }
        )
    service.record(
        ctx,
        AuditEntry(
            "LIST_FEEDBACK",
            "OK",
            session.token_hash[:32],
            session.person,
            "",
            service.cipher.pseudonym("ip", ctx.client_ip),
            ctx.request_id,
        ),
    )
    return {"items": items}
