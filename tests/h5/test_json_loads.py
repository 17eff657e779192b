"""The H5 engines' JSON reader returns exactly what ``json.loads`` returns, for any stored text."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.h5.db import json_loads

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(1 << 80), max_value=1 << 80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("中文档案\x00\x1f\u2028")),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=15,
)


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types (NaN equals NaN, and -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


@given(_values, st.booleans())
def test_stored_json_reads_back_as_the_standard_library_reads_it(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))
    assert _same(json_loads(text), json.loads(text))
    assert _same(json_loads(text.encode()), json.loads(text.encode()))


def test_texts_beyond_strict_json_are_read_by_the_standard_library() -> None:
    texts = ['{"a": NaN}', "[Infinity, -Infinity]", str(1 << 70), str(-(1 << 64)), '"\\ud800"', "1E400"]
    texts += ['{"k": 1, "k": 2}']
    texts += ["-0", "-0.0", "1e5", "0.1", " [1] ", "18446744073709551615", "9223372036854775807"]
    for text in texts:
        assert _same(json_loads(text), json.loads(text)), text
