"""The one-step SQLite timestamp processors of ``AwareDateTime`` give exactly the generic results.

The generic path is SQLAlchemy's: the decorator's own step (UTC, naive on SQLite) chained with
SQLite's string conversion. The one-step path handles aware UTC values and SQLite's stored form;
for any input, both return the same value or both refuse it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator

from app.h5.tables import AwareDateTime

DIALECT = sqlite.dialect()


def _generic(kind: str) -> Any:
    impl = AwareDateTime().dialect_impl(DIALECT)
    return getattr(TypeDecorator, kind)(impl, DIALECT, *(() if kind == "bind_processor" else (None,)))


def _fast(kind: str) -> Any:
    impl = AwareDateTime().dialect_impl(DIALECT)
    return getattr(impl, kind)(DIALECT, *(() if kind == "bind_processor" else (None,)))


def _outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        out = fn(value)
    except Exception as exc:  # both paths must refuse the same inputs
        return ("error", type(exc).__name__ if not isinstance(exc, ValueError) else "ValueError")
    return ("ok", (type(out), out, getattr(out, "tzinfo", None)))


_zones: Any = st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-3, minutes=-30)), None])
# Naive bounds, as Hypothesis wants them; the zones are drawn separately.
_moments = st.datetimes(
    min_value=datetime(1, 1, 2),  # noqa: DTZ001
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=_zones,
)


@given(_moments)
def test_bind_matches_the_generic_path(moment: datetime) -> None:
    assert _outcome(_fast("bind_processor"), moment) == _outcome(_generic("bind_processor"), moment)


@given(_moments)
def test_result_of_a_stored_value_matches_the_generic_path(moment: datetime) -> None:
    stored = _generic("bind_processor")(moment.replace(tzinfo=moment.tzinfo or UTC))
    assert _outcome(_fast("result_processor"), stored) == _outcome(_generic("result_processor"), stored)


def _stored(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f").zfill(26)


def _changed(text: str, at: int, char: str) -> str:
    return text[:at] + char + text[at + 1 :]


_chars = st.sampled_from("0123456789 -:.T+Z٣x")


@given(
    st.one_of(
        st.text(_chars, min_size=20, max_size=32),
        # Stored-looking strings with one position changed.
        st.tuples(_moments, st.integers(0, 25), _chars).map(lambda t: _changed(_stored(t[0]), t[1], t[2])),
    )
)
def test_result_of_any_text_matches_the_generic_path(text: str) -> None:
    assert _outcome(_fast("result_processor"), text) == _outcome(_generic("result_processor"), text)


@pytest.mark.parametrize("value", [None, "2026-12-02 04:30:55", "2026-12-02T04:30:55.057169+08:00"])
def test_other_forms_take_the_generic_path(value: Any) -> None:
    assert _outcome(_fast("result_processor"), value) == _outcome(_generic("result_processor"), value)


def test_postgresql_keeps_the_generic_processors() -> None:
    dialect = postgresql.dialect()
    impl: Any = AwareDateTime().dialect_impl(dialect)
    moment = datetime(2026, 12, 2, 4, 30, tzinfo=UTC)
    generic: Any = TypeDecorator.bind_processor(impl, dialect)
    fast = impl.bind_processor(dialect)
    assert (generic is None) == (fast is None)
    if fast is not None and generic is not None:
        assert fast(moment) == generic(moment)
