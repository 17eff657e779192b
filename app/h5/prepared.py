"""Hot-path statements compiled once per engine and run on the driver's own connection.

SQLAlchemy Core builds and caches the SQL, but each execution still passes through its
execution context, events, pool checkout and the BEGIN/ROLLBACK around a connection (about
three quarters of the ``me/summary`` read path in the profile). :class:`Prepared` keeps the
statement a SQLAlchemy construct (so it stays portable between SQLite and PostgreSQL and is
written once), renders it for the engine's dialect with its constants inline and one driver
placeholder per parameter, and decodes each column with the dialect's own result processor
(dates, JSON, aware timestamps): the rows are the values SQLAlchemy would have returned.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import BindParameter, Engine, literal_column
from sqlalchemy.sql.visitors import replacement_traverse
from sqlalchemy.types import NullType

_MARK = "__h5_param_{}__"
_MARKS = re.compile(r"__h5_param_(\w+?)__")


def _placeholder(paramstyle: str, name: str, position: int) -> str:
    return {
        "qmark": "?",
        "format": "%s",
        "pyformat": f"%({name})s",
        "named": f":{name}",
        "numeric": f":{position}",
        "numeric_dollar": f"${position}",
    }[paramstyle]


def _bind(type_: Any, dialect: Any) -> Callable[[Any], Any] | None:
    return type_.dialect_impl(dialect).bind_processor(dialect)  # type: ignore[no-any-return]


def _processor(type_: Any, dialect: Any) -> Callable[[Any], Any] | None:
    try:
        return type_.dialect_impl(dialect).result_processor(dialect, None)  # type: ignore[no-any-return]
    except (TypeError, KeyError):
        # A processor that needs the driver's column type code (psycopg's numerics): the driver
        # already returns the Python value for the columns these statements read.
        return None


class Prepared:
    """One statement with named parameters, ready for the driver connection of ``engine``.

    Args:
        engine: The engine whose dialect renders the SQL.
        statement: A Core SELECT, or an INSERT/UPDATE with RETURNING; its ``bindparam(name)``
            parameters are filled at execution (converted by their types' bind processors).
    """

    def __init__(self, engine: Engine, statement: Any) -> None:
        dialect = engine.dialect
        types: dict[str, Any] = {}

        def swap(element: Any, **_kw: Any) -> Any:
            if isinstance(element, BindParameter) and element.value is None and element.callable is None:
                # A parameter inside values() has no type yet; the same name in a comparison has.
                if element.key not in types or isinstance(types[element.key], NullType):
                    types[element.key] = element.type
                return literal_column(_MARK.format(element.key), type_=element.type)
            return None

        rendered = replacement_traverse(statement, {}, swap)
        sql = str(rendered.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        order: list[str] = []

        def place(match: re.Match[str]) -> str:
            order.append(match.group(1))
            return _placeholder(dialect.paramstyle, match.group(1), len(order))

        self.sql = _MARKS.sub(place, sql)  # in the order the driver sees them
        self._named = dialect.paramstyle in ("pyformat", "named")
        self._binds = {name: b for name, t in types.items() if (b := _bind(t, dialect)) is not None}
        self._order = order
        # The parameters to convert, each once even when it fills several places.
        self._convert = [(name, b) for name, b in self._binds.items() if name in order]
        columns = statement.exported_columns
        # Only the columns that need converting are visited per row.
        self._processors = [(i, p) for i, c in enumerate(columns) if (p := _processor(c.type, dialect)) is not None]
        self._row: Any = namedtuple("Row", list(columns.keys()), rename=True)  # type: ignore[misc]

    def _params(self, params: dict[str, Any]) -> Any:
        if not self._named:
            if self._convert:
                params = dict(params)
                for name, bind in self._convert:
                    v = params[name]
                    if v is not None:
                        params[name] = bind(v)
            return [params[name] for name in self._order]
        values = dict(params)
        for name, bind in self._binds.items():
            v = values.get(name)
            if v is not None:
                values[name] = bind(v)
        return values

    def _decode(self, raw: Sequence[Any]) -> Any:
        values = list(raw)
        for i, p in self._processors:
            v = values[i]
            if v is not None:
                values[i] = p(v)
        return self._row._make(values)

    def all(self, cursor: Any, params: dict[str, Any]) -> list[Any]:
        """Every row, decoded."""
        cursor.execute(self.sql, self._params(params))
        return [self._decode(r) for r in cursor.fetchall()]

    def many(self, cursor: Any, rows: list[dict[str, Any]]) -> None:
        """Run a statement without RETURNING once per parameter set (the driver's executemany)."""
        cursor.executemany(self.sql, [self._params(p) for p in rows])

    def first(self, cursor: Any, params: dict[str, Any]) -> Any:
        """The first row, decoded, or None."""
        cursor.execute(self.sql, self._params(params))
        row = cursor.fetchone()
        return None if row is None else self._decode(row)


@contextmanager
def read_cursor(engine: Engine) -> Iterator[Any]:
    """A driver cursor for a consistent read (one snapshot), back in the pool afterwards."""
    conn = engine.raw_connection()
    try:
        cursor = conn.cursor()
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:  # the connections run in autocommit mode; BEGIN makes the reads one snapshot
            cursor.execute("BEGIN")
        try:
            yield cursor
        finally:
            if sqlite:
                cursor.execute("COMMIT")
            cursor.close()
    finally:
        conn.close()  # back to the pool, which rolls back PostgreSQL's read transaction
