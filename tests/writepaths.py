"""Every write entry point of the application, for the audit-coverage test (``tests/store/test_write_paths.py``).

An entry point is a function that opens a write transaction (``store.write(…)``). The test scans
``app/`` and ``ui/`` for such calls and requires each enclosing function to be listed here, runs
every entry, and checks that it left the audit records it names and that ``workbench audit
verify`` still holds.

Adding a write path (a new domain: ops tickets, H5, 密改方案 …):

1. write it with ``store.write(fn)`` and record the change with ``app.store.audit.append(session,
   case_id_or_None, action, target, old, new)`` inside ``fn`` (the store refuses it otherwise);
2. add an :class:`EntryPoint` to :data:`ENTRY_POINTS` below: the function's dotted name (as the
   scan reports it: ``module.function`` or ``module.Class.method``), a ``run`` that performs one
   write on the given store (set up what it needs first), and the audit actions it must leave.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.paths import resource_path
from app.mipin.cases import CaseHeader, create_case, delete_case, duplicate_case, import_case, set_archived
from app.store.store import Store

if TYPE_CHECKING:
    from app.ops.obligations import EvidenceFile, ObligationStore

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class EntryPoint:
    """One way the application writes to the store.

    Attributes:
        function: Dotted name of the function that calls ``store.write`` (``app.mipin.cases.create_case``).
        run: Performs one write on the store (after its own set-up); gets the test's temporary folder.
        actions: Audit actions the write must leave (each at least once).
        via: For an entry that reaches ``store.write`` through another listed function (archiving
            goes through ``CaseEditor.apply``): that function's name; such entries are not scanned.
    """

    function: str
    run: Callable[[Store, Path], object]
    actions: tuple[str, ...]
    via: str = field(default="")


def _demo_case() -> object:
    return json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))


def _new(store: Store) -> int:
    return create_case(store, CaseHeader(system_name="写入路径测试", level=3))


def _edit(store: Store, _tmp: Path) -> object:
    from app.mipin.casework.editor import CaseEditor
    from app.mipin.casework.edits import (
        AssignObject,
        Batch,
        DefineObject,
        SetObjectFields,
        SetRiskRating,
        SetUnitRecord,
        UpdateCase,
    )

    case_id = _new(store)
    batch = Batch(
        (
            DefineObject("VPN 网关", "网络设备"), AssignObject("NC-1", "VPN 网关"),
            SetObjectFields("NC-1", "VPN 网关", {"D": "√", "A": "×"}), SetUnitRecord("MS-1", "已核查"),
            SetRiskRating("MS-1", "中", "高"), UpdateCase({"client": "某委托单位"}),
        )
    )  # fmt: skip
    return CaseEditor(store, actor="write-path-test").apply(case_id, batch)


def _export(store: Store, tmp: Path) -> object:
    from app.mipin.packages import export_package

    return export_package(store, import_case(store, _demo_case()), tmp / "case.wbcase")


def _import_package(store: Store, tmp: Path) -> object:
    from app.mipin.packages import export_package, import_package

    case_id = import_case(store, _demo_case())
    export_package(store, case_id, tmp / "case.wbcase")
    return import_package(store, tmp / "case.wbcase", on_conflict="copy")


def _seed(store: Store, _tmp: Path) -> object:
    from app.bootstrap import demo

    demo.seed(store)
    return None


def _reset(store: Store, _tmp: Path) -> object:
    from app.bootstrap import demo

    demo.seed(store)
    demo.reset(store)
    return None


def _plan(store: Store, _tmp: Path) -> int:
    from app.mipin.engine import load_case_file
    from app.plan.demo import demo_plan
    from app.plan.repository import save_plan

    case_id = import_case(store, _demo_case())
    save_plan(store, case_id, demo_plan(load_case_file(resource_path("demo", "demo-case.json"))))
    return case_id


def _delete_plan(store: Store, tmp: Path) -> object:
    from app.plan.repository import delete_plan

    delete_plan(store, _plan(store, tmp))
    return None


def _prices(store: Store, _tmp: Path) -> object:
    from decimal import Decimal

    from app.plan.costs import Price
    from app.plan.repository import save_prices

    save_prices(store, (Price("服务器密码机", Decimal("25.5")),))
    return None


def _plan_edit(store: Store, tmp: Path) -> object:
    from decimal import Decimal

    from app.core.edits import Batch
    from app.plan.edits import SetItemField, write_plan_edit

    case_id = _plan(store, tmp)
    write_plan_edit(
        store,
        case_id,
        Batch((SetItemField("unit:PM-4", "cost", Decimal("3.5")), SetItemField("unit:PM-4", "selected", False))),
    )
    return None


def _price_edit(store: Store, _tmp: Path) -> object:
    from decimal import Decimal

    from app.plan.costs import Price
    from app.plan.priceedits import SetPrices, write_prices_edit

    write_prices_edit(store, SetPrices((Price("服务器密码机", Decimal("25.5")),)))
    return None


def _contract(store: Store) -> int:
    from app.ops.repository import OpsRepository

    return OpsRepository(store, actor="write-path-test").create_contract("写入路径测试运维合同")


def _ticket(store: Store) -> int:
    from app.ops.ticketwrites import TicketWriter

    header = {"title": "平台无法登录", "level": 2}
    return TicketWriter(store, actor="write-path-test").create(_contract(store), "YW-0001", header)


def _event(store: Store, _tmp: Path) -> object:
    from app.ops.ticketwrites import TicketWriter

    return TicketWriter(store, actor="write-path-test").record(_ticket(store), "acknowledged")


def _import_tickets(store: Store, _tmp: Path) -> object:
    from app.ops.ticketformat import parse_tickets
    from app.ops.ticketwrites import TicketWriter

    parsed, _policy = parse_tickets(
        {
            "format": "ops-tickets/1",
            "tickets": [
                {"id": "T-1", "title": "宕机", "level": 1, "kind": "outage",
                 "events": [{"type": "reported", "at": "2026-03-02T09:00:00+08:00"}]},
            ],
        }
    )  # fmt: skip
    return TicketWriter(store).import_tickets(_contract(store), parsed.tickets)


def _policy(store: Store, _tmp: Path) -> object:
    from app.ops.repository import OpsRepository

    OpsRepository(store).set_policy(_contract(store), {"clocks": {"response": {"minutes": 20}}})
    return None


def _calendar_year(store: Store, _tmp: Path) -> object:
    from datetime import date

    from app.ops.calendar import YearTable
    from app.ops.repository import OpsRepository

    table = YearTable(2027, frozenset({date(2027, 1, 1)}), frozenset({date(2027, 2, 7)}), "测试")
    OpsRepository(store).set_calendar_year(table, "2026-12-01T09:00:00+08:00")
    return None


def _delete_calendar_year(store: Store, tmp: Path) -> object:
    from app.ops.repository import OpsRepository

    _calendar_year(store, tmp)
    OpsRepository(store).delete_calendar_year(2027)
    return None


def _obligation(store: Store) -> tuple[ObligationStore, int]:
    from datetime import date

    from app.ops.obligations import ObligationStore

    obligations = ObligationStore(store)
    return obligations, obligations.add(_contract(store), "training", "软件使用培训", date(2026, 3, 31))


def _schedule(store: Store, _tmp: Path) -> object:
    from datetime import date

    from app.ops.obligations import ObligationStore
    from app.ops.repository import OpsRepository

    contract = OpsRepository(store).create_contract("有服务期的合同", start=date(2026, 1, 1), end=date(2026, 12, 31))
    return ObligationStore(store).fill_schedule(contract)


def _done(store: Store, _tmp: Path) -> object:
    from datetime import date

    obligations, oid = _obligation(store)
    obligations.set_done(oid, date(2026, 3, 20), "已培训")
    return None


def _attach(store: Store, tmp: Path) -> EvidenceFile:
    obligations, oid = _obligation(store)
    source = tmp / "签到表.pdf"
    source.write_bytes(b"%PDF-1.4 sign-in")
    return obligations.attach(oid, source)


def _detach(store: Store, tmp: Path) -> object:
    from app.ops.obligations import ObligationStore

    ObligationStore(store).detach(_attach(store, tmp).id)
    return None


ENTRY_POINTS: list[EntryPoint] = [
    EntryPoint("app.mipin.cases.create_case", lambda store, _tmp: _new(store), ("create_case",)),
    EntryPoint("app.mipin.cases.import_case", lambda store, _tmp: import_case(store, _demo_case()), ("import_case",)),
    EntryPoint(
        "app.mipin.cases.duplicate_case", lambda store, _tmp: duplicate_case(store, _new(store)), ("duplicate_case",)
    ),
    EntryPoint("app.mipin.cases.delete_case", lambda store, _tmp: delete_case(store, _new(store)), ("delete_case",)),
    EntryPoint(
        "app.mipin.casework.editor.CaseEditor.apply",
        _edit,
        ("define_object", "assign_object", "set_object_fields", "set_unit_record", "set_risk_rating", "update_case"),
    ),
    EntryPoint(
        "app.mipin.cases.set_archived",
        lambda store, _tmp: set_archived(store, _new(store), True),
        ("set_archived",),
        via="app.mipin.casework.editor.CaseEditor.apply",
    ),
    EntryPoint("app.mipin.packages.exporter._prepare", _export, ("assign_uuid",)),
    EntryPoint("app.mipin.packages.exporter.export_package", _export, ("export_package",)),
    EntryPoint("app.mipin.packages.importer.install_package", _import_package, ("import_package",)),
    EntryPoint("app.bootstrap.demo.seed", _seed, ("seed_demo",)),
    EntryPoint(
        "app.bootstrap.demo.reset", _reset, ("delete_case", "ops_contract_deleted", "seed_demo", "ops_demo_seeded")
    ),
    EntryPoint("app.plan.repository.save_plan", _plan, ("plan.save",)),
    EntryPoint("app.plan.repository.delete_plan", _delete_plan, ("plan.delete",)),
    EntryPoint("app.plan.repository.save_prices", _prices, ("plan.prices",)),
    EntryPoint("app.plan.edits.write_plan_edit", _plan_edit, ("plan.set_item_field",)),
    EntryPoint("app.plan.priceedits.write_prices_edit", _price_edit, ("plan.prices",)),
    EntryPoint(
        "app.ops.repository.OpsRepository.create_contract", lambda s, _t: _contract(s), ("ops_contract_created",)
    ),
    EntryPoint("app.ops.repository.OpsRepository.set_policy", _policy, ("ops_policy_set",)),
    EntryPoint("app.ops.repository.OpsRepository.set_calendar_year", _calendar_year, ("ops_calendar_year_set",)),
    EntryPoint(
        "app.ops.repository.OpsRepository.delete_calendar_year", _delete_calendar_year, ("ops_calendar_year_deleted",)
    ),
    EntryPoint("app.ops.ticketwrites.TicketWriter.create", lambda s, _t: _ticket(s), ("ops_ticket_created",)),
    EntryPoint("app.ops.ticketwrites.TicketWriter._commit", _event, ("ops_ticket_event",)),
    EntryPoint("app.ops.ticketwrites.TicketWriter.import_tickets", _import_tickets, ("ops_tickets_imported",)),
    EntryPoint("app.ops.obligations.ObligationStore.fill_schedule", _schedule, ("ops_obligations_scheduled",)),
    EntryPoint("app.ops.obligations.ObligationStore.add", lambda s, _t: _obligation(s), ("ops_obligation_added",)),
    EntryPoint("app.ops.obligations.ObligationStore.set_done", _done, ("ops_obligation_done",)),
    EntryPoint("app.ops.obligations.ObligationStore.attach", _attach, ("ops_obligation_file_added",)),
    EntryPoint("app.ops.obligations.ObligationStore.detach", _detach, ("ops_obligation_file_removed",)),
]
"""Every write entry point (keep in step with the scan of ``store.write`` calls)."""
