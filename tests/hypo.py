"""Hypothesis profiles of the suite: ``ci`` (the test command) and ``deep`` (runs by hand).

``ci`` is deterministic: ``derandomize=True`` draws the same examples on every machine and every
run, and ``database=None`` keeps no local example database that would replay an old failure on
one machine only. ``python -m pytest --hypothesis-profile=deep`` searches twenty times as long,
with a fresh random seed and the example database, to find new failures by hand; a failure it
finds is then pinned as an ``@example`` or a corpus file.

Tests give their budget as :func:`examples` of a number, which is that number under ``ci`` (the
budgets the suite always had) and twenty times it under ``deep``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 100
DEEP_FACTOR = 20

settings.register_profile(
    "ci", derandomize=True, database=None, max_examples=CI_EXAMPLES, deadline=None, print_blob=True
)
settings.register_profile("deep", max_examples=CI_EXAMPLES * DEEP_FACTOR, deadline=None)


def examples(n: int) -> int:
    """The example budget of a test that takes ``n`` examples under ``ci`` (scaled with the loaded profile)."""
    current = settings.default
    budget = current.max_examples if current is not None else CI_EXAMPLES
    return max(1, n * budget // CI_EXAMPLES)


SLOW_FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
"""Health checks the store-backed property tests suppress (one store per test, examples of seconds)."""
