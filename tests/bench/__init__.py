"""Benchmarks: ``python -m tests.bench`` (or ``python3 scripts/dev.py bench``) prints the table.

Each ``bench_*.py`` module exposes ``collect() -> list[dict]``; a row is
``{"metric", "value", "unit", "target", "baseline", "baseline_value"}`` where ``baseline`` names
what was measured in the same run on the same machine for comparison (e.g. a bare PySide6
window start) and ``baseline_value`` is its measurement in the same unit.
"""
