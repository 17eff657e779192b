"""Importing a ticket file into a stored contract (the CLI's ``sla import`` and the board's 导入工单)."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import InputError
from app.ops.policy import Policy
from app.ops.repository import OpsRepository
from app.ops.tickets import TicketFile
from app.ops.ticketwrites import TicketWriter
from app.store.store import Store


def read_any(path: str | Path, mapping: str | None = None) -> tuple[TicketFile, Policy]:
    """An ``ops-tickets/1`` JSON file, or a spreadsheet through a column mapping.

    Raises:
        InputError: Unreadable or invalid (:class:`~app.core.errors.InputErrors` lists every problem).
    """
    if Path(path).suffix.lower() == ".json":
        from app.ops.ticketformat import load_tickets_file

        if mapping:
            raise InputError("--mapping", "列映射只用于 Excel 和 CSV 文件")
        return load_tickets_file(path)
    from app.ops.tabular import read_table

    return read_table(path, mapping)


def import_file(store: Store, path: str | Path, mapping: str | None, contract_id: int | None) -> int:
    """Import every ticket of a file, or none; returns how many were added.

    Without a contract id: the only contract, or a new one named after the file (with the
    file's policy) when there is none.

    Raises:
        InputErrors: Every bad row or ticket; nothing was written.
        NotFoundError: No such contract, or several and none chosen.
    """
    parsed, _policy = read_any(path, mapping)
    return import_parsed(store, parsed, contract_id, Path(path).stem)[1]


def import_parsed(store: Store, parsed: TicketFile, contract_id: int | None, name: str) -> tuple[int, int]:
    """Add validated tickets to a contract (see :func:`import_file`); returns ``(contract id, count)``."""
    repo = OpsRepository(store)
    if contract_id is None and not repo.contracts():
        contract_id = repo.create_contract(name, policy=parsed.policy)
    target = repo.contract(contract_id).id
    return target, len(TicketWriter(store).import_tickets(target, parsed.tickets))
