"""Stand-ins for Qt dialog functions in tests: they note what they were asked and answer at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def answering(result: Any, into: list[Any] | None = None, arg: int = 0) -> Callable[..., Any]:
    """A function that appends its positional argument number ``arg`` to ``into`` and returns ``result``.

    Patched over a method (``exec``), argument 0 is the dialog; over ``QMessageBox.question``,
    argument 2 is the question's text.
    """

    def fake(*args: Any, **_kwargs: Any) -> Any:
        if into is not None:
            into.append(args[arg])
        return result

    return fake
