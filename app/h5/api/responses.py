"""A JSON response rendered by orjson, byte for byte what Starlette's ``JSONResponse`` renders.

Starlette renders with ``json.dumps(ensure_ascii=False, allow_nan=False, separators=(",", ":"))``;
for a 档案首页 that is about a tenth of the server's work per request, orjson a thirtieth of
that. The two agree exactly on JSON values made of ``dict`` (``str`` keys), ``list``, ``str``,
``bool``, ``None``, 64-bit ``int`` and finite ``float`` from 1e-4 up (and 0) — checked with a walk
over the value first. Anything else (tiny or non-finite floats, huge ints, other types, strings
orjson refuses) is rendered by Starlette as before, so the body, or the error, is always the same.
"""

from __future__ import annotations

import math
from typing import Any

import orjson
from fastapi.responses import JSONResponse

_INT_MIN = -(1 << 63)
_INT_END = 1 << 64


def orjson_safe(value: Any) -> bool:
    """Whether orjson renders ``value`` exactly as the standard library does (see the module doc)."""
    # Explicit loops over the containers: a 档案首页 holds about fifty values, and a generator per
    # container costs more than the checks themselves.
    t = type(value)
    if t is dict:
        for k, v in value.items():
            if type(k) is not str or not (type(v) in _PLAIN or v is None or orjson_safe(v)):
                return False
        return True
    if t is list:
        for v in value:  # noqa: SIM110 - a loop, not all() over a generator (see above)
            if not (type(v) in _PLAIN or v is None or orjson_safe(v)):
                return False
        return True
    if t is str or t is bool or value is None:
        return True
    if t is int:
        return bool(_INT_MIN <= value < _INT_END)
    if t is float:
        # orjson writes 1e-5 as "1e-5" (Python: "1e-05") and NaN/Infinity as null (Python: an error).
        return bool(value == 0.0 or 1e-4 <= abs(value) < math.inf)
    return False


_PLAIN = frozenset({str, bool})
"""Types whose every value orjson renders as the standard library does."""


class FastJSONResponse(JSONResponse):
    """``JSONResponse`` with the same bytes, rendered by orjson when that is provably identical."""

    def render(self, content: Any) -> bytes:
        """The UTF-8 JSON body."""
        if orjson_safe(content):
            try:
                return orjson.dumps(content)
            except orjson.JSONEncodeError:  # e.g. a lone surrogate: let Starlette fail as it did
                pass
        return super().render(content)
