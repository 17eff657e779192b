"""Presenters: archive dataclasses → the JSON bodies of the API, masked on the server.

Only fields the page shows leave the service (最小够用). Names, certificate numbers and phone
numbers are masked here (:mod:`app.h5.masking`); doctors' names and the institution's phone
are staff information and shown in full (h5-health-records.md §4).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.h5.identity import CertNumberError, normalize_id_number
from app.h5.masking import mask_id_number, mask_name, mask_phone, phr_tail
from app.h5.records import Archive, ArchiveHead, ExamRow, Facet, FollowupRow, SummaryHead

TYPE_NAMES = {"HTN": "高血压随访", "T2DM": "2型糖尿病随访"}
SEX_NAMES = {"1": "男", "2": "女", "0": "未知", "9": "未说明"}
STATUS_NAMES = {"ACTIVE": "正常", "MOVED": "迁出", "CANCELLED": "注销", "DECEASED": "死亡"}
OUTCOME_NAMES = {"DONE": "", "LOST": "失访", "DEAD": "死亡"}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _year_month(d: date) -> str:
    # What strftime("%Y-%m") gives (birth years have four digits), without the C-level formatter.
    return f"{d.year}-{d.month:02d}"


def age_on(birth: date, today: date) -> int:
    """Full years of age on ``today``."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def profile(name: str, cert_no: str) -> dict[str, str]:
    """The masked profile of the exchange answer."""
    return {"nameMasked": mask_name(name), "certNoMasked": mask_id_number(cert_no)}


def summary(head: SummaryHead, followups: list[FollowupRow], today: date) -> dict[str, Any]:
    """The 档案首页 (aligned with 居民电子健康档案首页基本内容（试行）)."""
    bp = next((f for f in followups if f.sbp is not None and f.dbp is not None), None)
    fbg = next((f for f in followups if f.fbg is not None), None)
    latest_bmi: tuple[float, date] | None = None
    value = head.latest_bmi
    if isinstance(value, int | float) and not isinstance(value, bool) and head.latest_exam_date is not None:
        latest_bmi = (float(value), head.latest_exam_date)
    next_by_kind: dict[str, FollowupRow] = {}
    for f in followups:  # newest first: the first row per kind holds the next appointment
        next_by_kind.setdefault(f.kind, f)
    return {
        "nameMasked": mask_name(head.name),
        "sexCode": head.sex,
        "sexName": SEX_NAMES.get(head.sex, "未知"),
        "age": age_on(head.birth_date, today),
        "birthYearMonth": _year_month(head.birth_date),
        "certNoMasked": mask_id_number(_display_cert(head.cert_no)),
        "phrIdTail": phr_tail(head.phr_id),
        "recordStatus": STATUS_NAMES.get(head.status, head.status),
        "recordOrgName": head.org_name,
        "responsibleDoctor": head.responsible_doctor,
        "familyDoctor": head.family_doctor if head.signed else None,
        "doctorPhone": head.doctor_phone,
        "signed": head.signed,
        "healthTags": head.health_tags,
        "bloodType": _blood(head),
        "allergies": head.allergies,
        "latestVitals": {
            "bp": f"{bp.sbp}/{bp.dbp}" if bp else None,
            "bpDate": _iso(bp.visit_date) if bp else None,
            "fbg": fbg.fbg if fbg else None,
            "fbgDate": _iso(fbg.visit_date) if fbg else None,
            "bmi": latest_bmi[0] if latest_bmi else None,
            "bmiDate": _iso(latest_bmi[1]) if latest_bmi else None,
        },
        "nextFollowups": [
            {"type": kind, "typeName": TYPE_NAMES.get(kind, kind), "date": _iso(f.next_visit_date), "org": f.org_name}
            for kind, f in sorted(next_by_kind.items())
            if f.next_visit_date is not None
        ],
        "counts": {"followups": len(followups), "exams": head.exam_count},
        "dataUpdatedAt": head.updated_at.isoformat(timespec="seconds"),
    }


def _display_cert(cert_no: str) -> str:
    # Legacy 15-digit rows are shown in their 18-digit form (same masking rule).
    if len(cert_no) == 18 and cert_no.isascii() and cert_no.isalnum() and cert_no == cert_no.upper():
        # Already canonical in form (NFKC, separators and case change nothing): normalising
        # returns it unchanged or refuses it, and either way it is shown as it is.
        return cert_no
    try:
        return normalize_id_number(cert_no)
    except CertNumberError:
        return cert_no


def _blood(archive: ArchiveHead) -> dict[str, str]:
    abo = archive.blood_abo or "不详"
    return {
        "abo": abo,
        "rh": archive.blood_rh or "不详",
        "text": f"{abo}型 Rh{archive.blood_rh}" if abo != "不详" else "不详",
    }


def basic_info(archive: Archive) -> dict[str, Any]:
    """The 健康档案明细 (个人基本信息表 subset, read-only, contact fields masked)."""
    b = archive.basic
    return {
        "nameMasked": mask_name(archive.name),
        "sexName": SEX_NAMES.get(archive.sex, "未知"),
        "birthYearMonth": _year_month(archive.birth_date),
        "phrIdTail": phr_tail(archive.phr_id),
        "recordOrgName": archive.org_name,
        "createdOn": archive.created_on.isoformat(),
        "bloodType": _blood(archive),
        "allergies": list(b.get("allergies", [])),
        "exposure": list(b.get("exposure", [])),
        "pastHistory": b.get("pastHistory", {}),
        "familyHistory": b.get("familyHistory", {}),
        "geneticHistory": b.get("geneticHistory", ""),
        "disabilities": list(b.get("disabilities", [])),
        "ethnicity": b.get("ethnicity", ""),
        "residenceType": b.get("residenceType", ""),
        "education": b.get("education", ""),
        "occupation": b.get("occupation", ""),
        "maritalStatus": b.get("maritalStatus", ""),
        "paymentMethods": list(b.get("paymentMethods", [])),
        "address": b.get("address", ""),
        "phoneMasked": mask_phone(archive.phone) if archive.phone else None,
        "contactNameMasked": mask_name(archive.contact_name) if archive.contact_name else None,
        "contactPhoneMasked": mask_phone(archive.contact_phone) if archive.contact_phone else None,
    }


def followup_item(f: FollowupRow, ref: str) -> dict[str, Any]:
    """A follow-up list card."""
    key: dict[str, Any] = {}
    if f.sbp is not None and f.dbp is not None:
        key.update(sbp=f.sbp, dbp=f.dbp)
    if f.fbg is not None:
        key["fbg"] = f.fbg
    return {
        "ref": ref,
        "type": f.kind,
        "typeName": TYPE_NAMES.get(f.kind, f.kind),
        "visitDate": f.visit_date.isoformat(),
        "visitWay": f.visit_way,
        "visitClass": f.visit_class,
        "keyValues": key,
        "orgName": f.org_name,
        "doctorName": f.doctor_name,
        "nextVisitDate": _iso(f.next_visit_date),
        "lostOrDead": OUTCOME_NAMES.get(f.outcome) or None,
    }


def followup_detail(f: FollowupRow, ref: str) -> dict[str, Any]:
    """A follow-up's form (``HypertensionFollowup`` / ``DiabetesFollowup``)."""
    body = dict(f.payload or {})
    body.update(followup_item(f, ref))
    return body


def exam_item(e: ExamRow, ref: str) -> dict[str, Any]:
    """An exam list card."""
    return {
        "ref": ref,
        "examDate": e.exam_date.isoformat(),
        "orgName": e.org_name,
        "doctorName": e.doctor_name,
        "assessment": e.assessment,
        "assessmentName": "体检无异常" if e.assessment == "NORMAL" else "有异常",
        "abnormalCount": e.abnormal_count,
        "abnormalSummary": e.abnormal_summary[:4],
    }


def exam_detail(e: ExamRow, ref: str) -> dict[str, Any]:
    """An exam's form (``HealthExam``); ``assessment`` is the form's {normal, abnormal[]} here."""
    body = dict(e.payload or {})
    item = exam_item(e, ref)
    item["assessmentCode"] = item.pop("assessment")
    body.update(item)
    return body


def facets(rows: list[Facet]) -> dict[str, Any]:
    """Types (with names and counts) and years that have records."""
    types: dict[str, int] = {}
    years: set[int] = set()
    for f in rows:
        types[f.kind] = types.get(f.kind, 0) + f.count
        years.add(f.year)
    return {
        "types": [{"type": k, "typeName": TYPE_NAMES.get(k, k), "count": n} for k, n in sorted(types.items())],
        "years": sorted(years, reverse=True),
    }
