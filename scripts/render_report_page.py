"""Render the 5.2 page (text, layer chart, layer table) of the demo report to docs/img/report-page.png.

    .venv/bin/python scripts/render_report_page.py [--dpi 80] [--out docs/img/report-page.png]

Needs pdftoppm (poppler-utils). The report is generated from resources/demo/demo-case.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.paths import resource_path  # noqa: E402
from app.mipin.bundle import bundle_from_data  # noqa: E402
from reports.service import generate_pdf  # noqa: E402

HEADING = "5.2  整体测评结果和量化评估"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--out", default=str(ROOT / "docs" / "img" / "report-page.png"))
    args = parser.parse_args()
    data = json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "demo.pdf"
        generate_pdf(bundle_from_data(data), pdf, copies=1)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = text.split("\f")
        wanted = " ".join(HEADING.split())
        number = next(i for i, p in enumerate(pages, start=1) if wanted in " ".join(p.split()) and "目" not in p[:200])
        stem = Path(tmp) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(args.dpi),
                "-png",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        Path(args.out).write_bytes(stem.with_suffix(".png").read_bytes())
    print(f"{args.out}: page {number}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
