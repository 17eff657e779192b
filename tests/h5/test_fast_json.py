"""The orjson-rendered ``me/summary`` body is byte for byte Starlette's ``JSONResponse`` body."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

import pytest
from fastapi.responses import JSONResponse
from hypothesis import given
from hypothesis import strategies as st

from app.h5.api.responses import FastJSONResponse, orjson_safe
from app.h5.service import RequestContext
from tests.h5.conftest import API, H5App, open_app

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(1 << 70), max_value=1 << 70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.sampled_from([0.0, -0.0, 1e-4, 9.99e-5, 1e16, 1e-10, 123.456, 23.4, 6.1])
    | st.text()
    | st.text(alphabet=st.characters(max_codepoint=0x40) | st.sampled_from("中文档案\u2028\u2029\x7f\ud800"))
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(0, 3), inner, max_size=2)
    ),
    max_leaves=12,
)


def _render(cls: type[JSONResponse], value: Any) -> bytes | type[BaseException]:
    try:
        return bytes(cls(value).body)
    except Exception as exc:  # the same failure is part of "the same answer"
        return type(exc)


@given(_values)
def test_any_json_value_renders_to_the_same_bytes_or_the_same_error(value: Any) -> None:
    assert _render(FastJSONResponse, value) == _render(JSONResponse, value)


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ({"a": [1, 2.5, "中", None, True]}, True),
        ({"a": math.nan}, False),
        ([1e-5], False),
        ([1 << 64], False),
        ({1: "x"}, False),
        ((1, 2), False),
    ],
)
def test_only_values_orjson_renders_like_the_standard_library_take_the_fast_path(value: Any, safe: bool) -> None:
    assert orjson_safe(value) is safe


def test_every_residents_summary_is_the_same_bytes_over_http(tmp_path: Path, h5_template: Path) -> None:
    big = 1_000_000
    h5 = open_app(tmp_path / "h5", h5_template, limits={"exchange_per_ip_per_minute": big, "ip_per_minute": big})
    try:
        _every_summary_is_the_same_bytes(h5)
    finally:
        h5.client.close()
        h5.runtime.close()


def _every_summary_is_the_same_bytes(h5: H5App) -> None:
    service = h5.runtime.service
    keys = [u["key"] for u in h5.users() if u["key"][1:].isdigit()]
    assert len(keys) >= 30
    ctx = RequestContext("testclient", "")
    for key in keys:
        headers = h5.session(key)
        r = h5.client.get(f"{API}/me/summary", headers=headers)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        assert r.headers["content-length"] == str(len(r.content))
        session = asyncio.run(service.authenticate_async(headers["Authorization"], ctx))
        expected = JSONResponse(service.summary(session)).body
        assert r.content == expected, key
        assert "\\u" not in r.text  # Chinese text as UTF-8, as before
