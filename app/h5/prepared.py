"""Hot-path SELECTs compiled once per engine and run on the driver's own connection.

SQLAlchemy Core builds and caches the SQL, but each execution still passes through its
execution context, events, pool checkout and the BEGIN/ROLLBACK around a connection (about
three quarters of the ``me/summary`` read path in the profile). :class:`Prepared` keeps the
statement a SQLAlchemy construct (so it stays portable between SQLite and PostgreSQL and is
written once), renders it for the engine's dialect with its constants inline and one driver
placeholder per parameter, and decodes each column with the dialect's own result processor
(dates, JSON, aware timestamps): the rows are the values SQLAlchemy would have returned.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import BindParameter, Engine, Select, literal_column
from sqlalchemy.sql.visitors import replacement_traverse

_MARK = "__h5_param_{}__"


def _placeholder(paramstyle: str, name: str, position: int) -> str:
    return {
        "qmark": "?",
        "format": "%s",
        "pyformat": f"%({name})s",
        "named": f":{name}",
        "numeric": f":{position}",
        "numeric_dollar": f"${position}",
    }[paramstyle]


def _processor(type_: Any, dialect: Any) -> Callable[[Any], Any] | None:
    try:
        return type_.dialect_impl(dialect).result_processor(dialect, None)  # type: ignore[no-any-return]
    except (TypeError, KeyError):
        # A processor that needs the driver's column type code (psycopg's numerics): the driver
        # already returns the Python value for the columns these statements read.
        return None


class Prepared:
    """One SELECT with named parameters, ready for the driver connection of ``engine``.

    Args:
        engine: The engine whose dialect renders the SQL.
        statement: A Core SELECT; its ``bindparam(name)`` parameters are filled at execution.
    """

    def __init__(self, engine: Engine, statement: Select[Any]) -> None:
        dialect = engine.dialect
        names: list[str] = []

        def swap(element: Any, **_kw: Any) -> Any:
            if isinstance(element, BindParameter) and element.value is None and element.callable is None:
                if element.key not in names:
                    names.append(element.key)
                return literal_column(_MARK.format(element.key), type_=element.type)
            return None

        rendered: Select[Any] = replacement_traverse(statement, {}, swap)  # type: ignore[assignment]
        sql = str(rendered.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        order: list[str] = []
        for name in names:
            mark = _MARK.format(name)
            while mark in sql:
                order.append(name)
                sql = sql.replace(mark, _placeholder(dialect.paramstyle, name, len(order)), 1)
        self.sql = sql
        self._named = dialect.paramstyle in ("pyformat", "named")
        self._order = order
        self._processors = [_processor(c.type, dialect) for c in statement.selected_columns]
        self._row = namedtuple("Row", list(statement.selected_columns.keys()), rename=True)  # type: ignore[misc]

    def _params(self, params: dict[str, Any]) -> Any:
        return params if self._named else tuple(params[name] for name in self._order)

    def _decode(self, raw: Sequence[Any]) -> Any:
        return self._row(*(v if p is None or v is None else p(v) for p, v in zip(self._processors, raw, strict=True)))

    def all(self, cursor: Any, params: dict[str, Any]) -> list[Any]:
        """Every row, decoded."""
        cursor.execute(self.sql, self._params(params))
        return [self._decode(r) for r in cursor.fetchall()]

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
