"""No log line ever contains a full certificate number: the message, the traceback and the stack are masked."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.identity import make_id_number
from app.core.logsetup import MaskingFilter, mask_id_numbers
from app.h5.server import log_config
from tests.h5.conftest import API, H5App
from tests.hypo import examples

ID_NUMBERS = st.builds(
    make_id_number,
    st.sampled_from(["450403", "450405", "450421", "450481", "110101"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 30)),
    st.integers(0, 999),
)


def _legacy(number: str) -> str:
    """The 15-digit form of an 18-digit number (no century, no check digit)."""
    return number[:6] + number[8:17]


def _handler(stream: io.StringIO) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    return handler


def _emit(number: str) -> str:
    """Log one record carrying ``number`` in its message, its exception and its stack; return the output."""
    stream = io.StringIO()
    logger = logging.getLogger("tests.h5.masking")
    logger.propagate = False
    handler = _handler(stream)
    logger.addHandler(handler)
    try:
        try:
            raise LookupError(f"no archive for {number} / {_legacy(number)}")
        except LookupError:
            logger.exception("lookup of %s failed", number, stack_info=True)
        logger.warning("plain %s and %s", number.lower(), _legacy(number))
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue()


@settings(max_examples=examples(60))
@given(ID_NUMBERS)
def test_a_whole_record_is_masked(number: str) -> None:
    out = _emit(number)
    assert "Traceback (most recent call last)" in out and "LookupError" in out and "Stack (most recent" in out
    assert number not in out and number.lower() not in out and _legacy(number) not in out
    assert number[:6] + "********" + number[-4:] in out


def test_other_numbers_are_left_alone() -> None:
    for text in ("ticket 12345678901234", "2026-12-01 09:00:00", "port 8765", "ref 4504031980010112345"):
        assert mask_id_numbers(text) == text


def test_the_server_log_config_masks_tracebacks() -> None:
    config = log_config(access_log=True)
    assert config["handlers"]["stderr"]["filters"] == ["mask"]
    assert config["filters"]["mask"]["()"] is MaskingFilter


@pytest.fixture
def root_log() -> Iterator[io.StringIO]:
    """What a workbench log handler (the masking filter on it) writes for records reaching the root."""
    stream = io.StringIO()
    handler = _handler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_an_unexpected_error_with_a_number_in_it_is_masked_in_the_log_and_the_answer(
    h5: H5App, root_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = h5.user("r00001")
    number = user["certNo"].upper()

    def broken(_session: object) -> object:
        raise RuntimeError(f"summary for {number} ({_legacy(number)}) failed")

    headers = h5.session("r00001")
    monkeypatch.setattr(h5.runtime.service, "summary", broken)
    monkeypatch.setattr(h5.runtime.service, "summaries", broken)  # the batched read of the same view
    client = TestClient(h5.client.app, raise_server_exceptions=False)
    r = client.get(f"{API}/me/summary", headers=headers)
    assert r.status_code == 500 and r.json()["code"] == "INTERNAL_ERROR"
    assert number not in r.text and _legacy(number) not in r.text
    out = root_log.getvalue()
    assert "RuntimeError" in out and "Traceback" in out
    assert number not in out and _legacy(number) not in out
    assert not re.search(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])", out)
