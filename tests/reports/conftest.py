"""Fixtures for the report tests: case files, the CLI, and the poppler tools (pdftotext, pdffonts)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.reports.casefactory import demo_case_data, make_large_case


def write_case(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(argv: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str] | None = None) -> CliResult:
    """Run ``workbench`` in-process with an explicit data folder (safe in session fixtures)."""
    from app.cli.main import main

    code = main(["--data-dir", str(data_dir), *argv])
    if capsys is None:
        return CliResult(code, "", "")
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def pdf_pages(path: Path) -> list[str]:
    """The text of every page (``pdftotext -layout``), in page order."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows as dicts: name, type, emb, sub."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type (1–2 words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "line": line})
    return rows


@dataclass
class Report:
    """A generated report and what it was generated from."""

    pdf: Path
    case_file: Path
    data: dict[str, Any]
    copies: int
    cli: CliResult


ReportMaker = Callable[..., Report]


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workbench-data")


@pytest.fixture(scope="session")
def demo_report(report_dir: Path, session_data_dir: Path) -> Report:
    """The demo case as a three-copy report (generated once per session)."""
    data = demo_case_data()
    case_file = write_case(report_dir / "demo-case.json", data)
    pdf = report_dir / "demo-report.pdf"
    cli = run_cli(["report", str(case_file), "-o", str(pdf), "--copies", "3"], session_data_dir)
    assert cli.code == 0
    return Report(pdf, case_file, data, 3, cli)


@pytest.fixture(scope="session")
def large_case_file(report_dir: Path) -> Path:
    return write_case(report_dir / "large-case.json", make_large_case(units=41, objects=1000))


@pytest.fixture(scope="session")
def large_report(report_dir: Path, session_data_dir: Path, large_case_file: Path) -> Report:
    """The 1,000-object case as a three-copy report (generated once per session)."""
    pdf = report_dir / "large-report.pdf"
    cli = run_cli(["report", str(large_case_file), "-o", str(pdf), "--copies", "3"], session_data_dir)
    assert cli.code == 0
    data = json.loads(large_case_file.read_text(encoding="utf-8"))
    return Report(pdf, large_case_file, data, 3, cli)
