"""One audited, atomic write path: every write entry point is listed, leaves its audit records, and verifies.

The list is :data:`tests.writepaths.ENTRY_POINTS` (add new write paths there). The scan below
finds every ``….store.write(…)`` call in ``app/`` and ``ui/``, so a write path that is not
listed — or a listed one that no longer exists — fails the test.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from app.cli.main import main
from app.mipin.cases import CaseHeader, count_cases, create_case
from app.mipin.tables import Case
from app.store.base import AuditEvent
from app.store.store import Store, UnauditedWriteError
from tests.writepaths import ENTRY_POINTS, ROOT, EntryPoint


def _is_store_write(node: ast.AST) -> bool:
    """``store.write(…)``, ``self.store.write(…)``, ``ctx.store.write(…)`` …"""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "write"
        and "store" in ast.unparse(node.func.value).split(".")[-1]
    )


def _store_writes(folder: Path) -> set[str]:
    """Dotted names of the functions (outermost ``def``, or ``Class.method``) that call ``<…store>.write(…)``."""
    found: set[str] = set()
    for path in sorted(folder.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)

        def visit(node: ast.AST, cls: str | None, entry: str | None, module: str = module) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef) and entry is None:
                    visit(child, child.name, None)
                elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    own = f"{module}.{cls}.{child.name}" if cls else f"{module}.{child.name}"
                    visit(child, cls, entry or own)  # a nested def belongs to the outer function
                else:
                    if _is_store_write(child):
                        found.add(entry or module)
                    visit(child, cls, entry)

        visit(ast.parse(path.read_text(encoding="utf-8")), None, None)
    return found


def test_every_write_entry_point_is_listed() -> None:
    scanned = _store_writes(ROOT / "app") | _store_writes(ROOT / "ui")
    listed = {e.function for e in ENTRY_POINTS if not e.via}
    assert scanned == listed, f"unlisted: {sorted(scanned - listed)}; listed but gone: {sorted(listed - scanned)}"
    assert {e.via for e in ENTRY_POINTS if e.via} <= listed
    assert not _store_writes(ROOT / "ui"), "the UI writes through the domain's entry points, never store.write"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: e.function.removeprefix("app."))
def test_each_entry_point_leaves_its_audit_records_and_the_chains_verify(
    store: Store, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], entry: EntryPoint
) -> None:
    with store.read() as s:
        before = s.scalar(select(func.max(AuditEvent.id))) or 0
    entry.run(store, tmp_path)
    with store.read() as s:
        actions = Counter(s.scalars(select(AuditEvent.action).where(AuditEvent.id > before)))
    missing = [a for a in entry.actions if not actions[a]]
    assert not missing, f"{entry.function} left no {missing} record (it left {dict(actions)})"
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 0, capsys.readouterr().out
    assert "全部完好" in capsys.readouterr().out


def test_a_write_without_an_audit_record_is_refused_and_rolled_back(store: Store) -> None:
    case_id = create_case(store, CaseHeader(system_name="未审计", level=3))

    def sneaky(s) -> None:
        s.get_one(Case, case_id).client = "悄悄修改"

    with pytest.raises(UnauditedWriteError, match="cases"):
        store.write(sneaky)
    with store.read() as s:
        assert s.get_one(Case, case_id).client == ""
    with pytest.raises(UnauditedWriteError, match="cases"):
        store.write(lambda s: s.execute(delete(Case)))
    assert count_cases(store) == 1
