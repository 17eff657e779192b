"""The reports' entry points for the CLI and the app: case in, files out.

Every function scores the case with the engine *before* opening any output file, so an
untested case (without ``draft``) or an engine failure raises and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.core.errors import InputError
from app.mipin.bundle import CaseBundle, bundle_from_case
from app.mipin.engine import CaseInput, load_case_file
from app.mipin.fingerprint import case_fingerprint
from reports.copies import MAX_COPIES
from reports.model import build_model
from reports.pdf import PdfResult, write_pdf
from reports.verify import read_fingerprint
from reports.xlsx import write_xlsx

Progress = Callable[[int, str], None]


def bundle_from_file(path: str | Path) -> CaseBundle:
    """Read a ``mipin-case/1`` file into a bundle (no app extras).

    Raises:
        InputError: The file cannot be read or the case is invalid (``file:line:column``).
    """
    return bundle_from_case(load_case_file(path))


def _check_output(output: Path, field: str = "-o") -> None:
    if not output.parent.exists():
        raise InputError(field, f"输出目录不存在：{output.parent}")
    if output.is_dir():
        raise InputError(field, f"{output} 是目录，请给出文件名")


def generate_pdf(
    bundle: CaseBundle,
    output: str | Path,
    *,
    copies: int = 3,
    split: bool = False,
    draft: bool = False,
    assessor: str = "",
    report_date: date | None = None,
    progress: Progress | None = None,
) -> PdfResult:
    """Score the case and write the report PDF (see :func:`reports.pdf.write_pdf`).

    Raises:
        UntestedError: Untested items and not ``draft``; nothing is written.
        InputError: Bad options, or the engine cannot score the case; nothing is written.
    """
    output = Path(output)
    if not 1 <= copies <= MAX_COPIES:
        raise InputError("--copies", f"份数应为 1–{MAX_COPIES}，而不是 {copies}")
    _check_output(output)
    if progress:
        progress(2, "计分")
    model = build_model(bundle, draft=draft, assessor=assessor, report_date=report_date)
    if progress:
        progress(8, "排版")
    return write_pdf(model, output, copies=copies, split=split, progress=progress)


def generate_xlsx(
    bundle: CaseBundle,
    output: str | Path,
    *,
    draft: bool = False,
    assessor: str = "",
    progress: Progress | None = None,
) -> Path:
    """Score the case and write the Excel record and score workbook.

    Raises:
        UntestedError: Untested items and not ``draft``; nothing is written.
        InputError: Bad output path, or the engine cannot score the case; nothing is written.
    """
    output = Path(output)
    _check_output(output)
    model = build_model(bundle, draft=draft, assessor=assessor)
    return write_xlsx(model, output, progress=progress)


@dataclass(frozen=True)
class Verification:
    """The outcome of comparing a report with a case.

    Attributes:
        matches: The report was generated from exactly this case content.
        report: The fingerprint found in the report (None: the PDF carries none).
        case: The case's fingerprint.
    """

    matches: bool
    report: str | None
    case: str


def verify_report(pdf: str | Path, case: CaseInput) -> Verification:
    """Compare the fingerprint in ``pdf`` with the fingerprint of ``case``.

    Raises:
        InputError: The PDF cannot be read.
    """
    found = read_fingerprint(pdf)
    expected = case_fingerprint(case)
    return Verification(found == expected, found, expected)
