"""Cases for the report tests: the bundled demo case and the 1,000-object benchmark case.

``demo_case_data()`` returns the bundled demo case (resources/demo/demo-case.json);
``make_large_case`` is the benchmarks' generator (tests/bench/casegen.py), so the report tests
and the benchmarks measure the same case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.paths import resource_path
from tests.bench.casegen import make_large_case

ROOT = Path(__file__).resolve().parents[2]


def demo_case_data() -> dict[str, Any]:
    """The bundled demo case (a fresh copy on every call)."""
    data: dict[str, Any] = json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))
    return data


__all__ = ["ROOT", "demo_case_data", "make_large_case"]
