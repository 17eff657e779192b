"""The demo data seeded on first start, and `workbench demo --reset`."""

from __future__ import annotations

from sqlalchemy import func, select

from app.bootstrap.demo import is_seeded, reset, seed_if_empty
from app.cli.main import main
from app.mipin.bundle import load_bundle
from app.mipin.cases import CaseHeader, create_case, delete_case, list_cases
from app.mipin.engine import score_case
from app.ops.tables import OpsContract, Ticket


def test_first_start_seeds_a_realistic_demo(store) -> None:
    assert seed_if_empty(store) is True
    cases = list_cases(store)
    assert len(cases) == 1 and cases[0].demo
    assert cases[0].system_name == "梧州市全民健康信息平台" and cases[0].level == 3
    bundle = load_bundle(store, cases[0].id)
    assert len(bundle.objects) >= 8
    assert set(bundle.phases) == {"测评准备", "方案编制", "现场测评", "分析与报告编制"}
    result = score_case(bundle.case)
    verdicts = {u.verdict for u in result.units}
    assert {"符合", "部分符合", "不符合", "不适用"} <= verdicts  # a plausible mix
    with store.read() as s:
        assert s.scalar(select(func.count(Ticket.id))) >= 100
        contract = s.scalars(select(OpsContract)).one()
        assert "示例" in contract.name and "resolve" in contract.sla["clocks"]


def test_demo_is_not_reseeded_after_the_user_deleted_it(store) -> None:
    seed_if_empty(store)
    delete_case(store, list_cases(store)[0].id)
    assert seed_if_empty(store) is False
    assert list_cases(store) == []


def test_reset_keeps_user_cases_and_reseeds(store) -> None:
    seed_if_empty(store)
    mine = create_case(store, CaseHeader(system_name="用户自己的系统", level=2))
    reset(store)
    names = sorted(c.system_name for c in list_cases(store))
    assert names == ["梧州市全民健康信息平台", "用户自己的系统"]
    assert any(c.id == mine for c in list_cases(store))
    assert is_seeded(store)
    with store.read() as s:
        assert s.scalar(select(func.count(OpsContract.id))) == 1


def test_demo_reset_cli_backs_up_first(ctx, capsys) -> None:
    assert main(["--data-dir", ctx.data_dir, "demo"]) == 0
    assert main(["--data-dir", ctx.data_dir, "demo", "--reset"]) == 0
    out = capsys.readouterr().out
    assert "已备份" in out and "梧州市全民健康信息平台" in out
    assert list(ctx.paths.backup_dir.glob("backup-*-demo-reset.sqlite3"))
