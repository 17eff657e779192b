"""Benchmarks of the plan: the optimiser on 60 items, DOCX and PDF export of the demo plan."""

from __future__ import annotations

import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def _sixty_items():
    from app.mipin.engine import parse_case
    from app.plan.generate import generate_items
    from app.plan.projection import score
    from tests.plan.randomcase import random_case

    rng = random.Random(60)
    while True:
        data = random_case(rng, technical=22, management=19, max_objects=4)
        data["threshold"] = 60
        case = parse_case(data)
        items = list(generate_items(case, score(case)))
        if len(items) >= 60:
            items = items[:60]
            return case, items, {i.key: Decimal(rng.randint(1, 40)) for i in items}


def collect() -> list[dict[str, object]]:
    """Rows: optimiser on 60 items; demo plan DOCX and PDF export."""
    from app.core.paths import resource_path
    from app.mipin.engine import load_case_file
    from app.plan.demo import demo_plan
    from app.plan.optimise import optimise
    from reports.plan_content import plan_document
    from reports.plan_docx import write_docx
    from reports.plan_pdf import write_pdf

    case, items, costs = _sixty_items()
    optimise(case, items[:5], costs)  # warm imports
    start = time.perf_counter()
    result = optimise(case, items, costs)
    opt = time.perf_counter() - start
    demo = load_case_file(resource_path("demo", "demo-case.json"))
    plan = demo_plan(demo)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_docx(plan_document(demo, plan), Path(tmp) / "p.docx")
        docx_s = time.perf_counter() - start
        start = time.perf_counter()
        write_pdf(plan_document(demo, plan), Path(tmp) / "p.pdf")
        pdf_s = time.perf_counter() - start
    proved = "proved optimal" if result.proved_optimal else "not proved"
    return [
        {
            "metric": "最省方案 on 60 items",
            "value": round(opt, 3),
            "unit": "s",
            "target": f"< 2 s; result {proved}",
            "baseline": "",
            "baseline_value": None,
        },
        {
            "metric": "demo plan DOCX export",
            "value": round(docx_s, 3),
            "unit": "s",
            "target": "",
            "baseline": "",
            "baseline_value": None,
        },
        {
            "metric": "demo plan PDF export",
            "value": round(pdf_s, 3),
            "unit": "s",
            "target": "",
            "baseline": "",
            "baseline_value": None,
        },
    ]
