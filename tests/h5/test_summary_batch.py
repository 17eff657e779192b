"""The batched 档案首页 read equals the record read another way, archive by archive and request by request."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, replace
from typing import Any

import pytest
from sqlalchemy import select

from app.h5 import views
from app.h5.archives import SqlArchiveRepository
from app.h5.errors import H5Error
from app.h5.records import SummaryBundle
from app.h5.service import RequestContext
from app.h5.summary_sql import SIZES
from app.h5.tables import gw_archives
from tests.h5.conftest import API, H5App


def _independent(repo: SqlArchiveRepository, archive_id: int) -> dict[str, Any] | None:
    """The summary bundle of one archive from the other read paths (whole archive, exams, follow-ups)."""
    archive = repo.archive(archive_id)
    if archive is None:
        return None
    latest = repo.latest_exam(archive_id)
    general = (latest.payload or {}).get("general", {}) if latest is not None else {}
    head = {k: v for k, v in asdict(archive).items() if k not in ("basic", "phone", "contact_name", "contact_phone")}
    head.pop("created_on")
    head.update(
        allergies=list(archive.basic.get("allergies", [])),
        exam_count=repo.count_exams(archive_id),
        latest_exam_date=latest.exam_date if latest is not None else None,
        latest_bmi=general.get("bmi"),
    )
    return {"head": head, "followups": [asdict(f) for f in repo.all_followups(archive_id)]}


def _plain(bundle: SummaryBundle) -> dict[str, Any]:
    return {"head": asdict(bundle.head), "followups": [asdict(f) for f in bundle.followups]}


def _archive_ids(h5: H5App) -> list[int]:
    with h5.runtime.archive_engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(select(gw_archives.c.id).order_by(gw_archives.c.id))]


@pytest.mark.parametrize("chunk", [1, 3, 4, 5, 16, 17, 64, 65, 200])
def test_batched_bundles_equal_the_independent_reads(h5: H5App, chunk: int) -> None:
    repo = h5.runtime.service.archives
    assert isinstance(repo, SqlArchiveRepository)
    ids = _archive_ids(h5)
    expected = {i: _independent(repo, i) for i in ids}
    assert sum(len(e["followups"]) for e in expected.values() if e) > len(ids)  # records to compare
    # Repeated ids, ids that do not exist, every IN-list size and several statements per call.
    wanted = (ids + ids[:7] + [10**9, -1]) * (1 + chunk // len(ids))
    for at in range(0, len(wanted), chunk):
        part = wanted[at : at + chunk]
        got = repo.summary_bundles(part)
        assert set(got) == {i for i in part if expected.get(i) is not None}
        for archive_id, bundle in got.items():
            assert _plain(bundle) == expected[archive_id], archive_id
    assert SIZES[-1] >= 64  # a whole group-commit batch fits one statement


def test_summaries_equal_one_summary_at_a_time_and_fail_alone(h5: H5App) -> None:
    service = h5.runtime.service
    ctx = RequestContext("1.2.3.4", "")
    sessions = [
        asyncio.run(service.authenticate_async(h5.session(f"r{i:05d}")["Authorization"], ctx)) for i in range(1, 13)
    ]
    one_by_one = []
    for s in sessions:
        bundle = service.archives.summary_bundle(s.archive_id)
        assert bundle is not None
        one_by_one.append(views.summary(bundle.head, bundle.followups, service.today()))
    assert service.summaries(sessions) == one_by_one
    assert [service.summary(s) for s in sessions] == one_by_one
    # A session whose archive went away gets SESSION_EXPIRED; its neighbours their summaries.
    gone = replace(sessions[0], archive_id=10**9)
    mixed = service.summaries([sessions[1], gone, sessions[2]])
    assert mixed[0] == one_by_one[1] and mixed[2] == one_by_one[2]
    assert isinstance(mixed[1], H5Error) and mixed[1].code == "SESSION_EXPIRED"
    with pytest.raises(H5Error):
        service.summary(gone)


def test_concurrent_views_each_get_their_own_summary(h5: H5App) -> None:
    """Many summaries in one batch: each request gets its own resident's answer, as over HTTP."""
    service = h5.runtime.service
    headers = [h5.session(f"r{i:05d}") for i in range(1, 21)]
    expected = [h5.client.get(f"{API}/me/summary", headers=h).json() for h in headers]
    assert len({e["certNoMasked"] + e["nameMasked"] for e in expected}) > 1

    async def main() -> list[Any]:
        ctx = RequestContext("1.2.3.4", "")
        calls = [
            service.view(h["Authorization"], ctx, "VIEW_SUMMARY", service.summary, service.summaries)
            for h in headers * 3
        ]
        return await asyncio.gather(*calls)

    assert asyncio.run(main()) == expected * 3
