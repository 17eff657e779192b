"""Shared arguments of the report commands: the case comes from a file or from the store."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.core.errors import InputError

if TYPE_CHECKING:
    from app.bootstrap import CliContext
    from app.mipin.bundle import CaseBundle


def add_case_source(parser: argparse.ArgumentParser) -> None:
    """Add ``CASE.json`` (positional, optional) and ``--case ID``."""
    parser.add_argument("case_file", nargs="?", metavar="CASE.json", help="mipin-case/1 测评案例文件（UTF-8 JSON）")
    parser.add_argument("--case", dest="case_id", type=int, metavar="ID", help="改用工作台数据库中编号为 ID 的测评项目")


def load_case_bundle(args: argparse.Namespace, ctx: CliContext) -> CaseBundle:
    """Load the case named on the command line (file or store), with the app's extras when stored.

    Raises:
        InputError: Neither or both sources given, or the file/case is invalid.
        NotFoundError: No case with that id.
    """
    if (args.case_file is None) == (args.case_id is None):
        raise InputError("CASE.json", "请给出测评案例文件或 --case ID（二者选一）")
    if args.case_id is not None:
        from app.mipin.bundle import load_bundle

        return load_bundle(ctx.store, args.case_id)
    from reports.service import bundle_from_file

    return bundle_from_file(args.case_file)
