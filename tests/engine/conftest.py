"""Fixtures for the 密评 engine tests: a case builder and a one-call scorer."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from app.mipin.engine import Catalogue, ScoreResult, load_catalogue, parse_case, score_case

Builder = Callable[..., dict[str, Any]]


def obj(
    name: str = "对象", d: str | None = "√", a: str | None = "√", k: str | None = "√", **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    for key, value in (("D", d), ("A", a), ("K", k)):
        if value is not None:
            out[key] = value
    out.update(extra)
    return out


def build_case(
    level: int = 3,
    units: dict[str, Any] | None = None,
    *,
    na: Iterable[str] = (),
    missing: Iterable[str] = (),
    threshold: Any = None,
    compensations: list[dict[str, Any]] | None = None,
    decisions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A valid case where every unit of the level passes, except as overridden.

    ``units`` maps a unit id to a list of objects (technical), a result string (management)
    or a dict merged into the unit entry.
    """
    cat = load_catalogue()
    overrides = units or {}
    na_set, missing_set = set(na), set(missing)
    out_units = []
    for definition in cat.units_for_level(level):
        uid = definition.id
        if uid in missing_set:
            continue
        entry: dict[str, Any] = {"id": uid}
        if uid in na_set:
            entry.update(applicable=False, na_reason="测试：不适用")
        elif uid in overrides:
            value = copy.deepcopy(overrides[uid])
            if isinstance(value, list):
                entry["objects"] = value
            elif isinstance(value, str):
                entry["result"] = value
            else:
                entry.update(value)
        elif definition.is_technical:
            entry["objects"] = [obj()]
        else:
            entry["result"] = "符合"
        out_units.append(entry)
    case: dict[str, Any] = {
        "format": "mipin-case/1",
        "system": {"name": "测试系统", "level": level},
        "units": out_units,
    }
    if threshold is not None:
        case["threshold"] = threshold
    if compensations is not None:
        case["compensations"] = compensations
    if decisions is not None:
        case["risk_decisions"] = decisions
    return case


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def build() -> Builder:
    return build_case


@pytest.fixture
def make_obj() -> Callable[..., dict[str, Any]]:
    return obj


@pytest.fixture
def score() -> Callable[..., ScoreResult]:
    def run(data: dict[str, Any], partial: bool = False) -> ScoreResult:
        return score_case(parse_case(data), partial=partial)

    return run


CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CliRun:
    """Run ``workbench`` in-process and return (exit code, stdout, stderr)."""
    from app.cli.main import main

    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WORKBENCH_DEBUG", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
