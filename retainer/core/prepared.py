"""Hot read queries compiled to SQL once per process, then run with each request's values.

Building a queryset and compiling it costs about a millisecond on every request, which on the
client page is as much as reading and converting its rows (SQLite answers the log in a tenth
of that). For the few queries every page view repeats, `PreparedValues` keeps the SQL the ORM
wrote the first time, with the converters of its columns (dates, JSON), and afterwards runs
only the SQL: the rows are the same dicts `QuerySet.values()` gives.

No library does this: query caches (django-cachalot, cacheops) keep *results*, which a log
that changes with every message cannot use; Django has no prepared-query API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple, Any], ...]  # (column, converter functions, expression)


class PreparedValues:
    """One `values()` query whose SQL depends only on `shape` (everything inlined in the SQL,
    such as LIMIT and OFFSET) and whose parameters are exactly `params`, in the order the ORM
    writes them. `build()` must return the queryset for the given parameters; the first call
    of a shape checks that the ORM wrote those parameters, so a changed query cannot silently
    bind values to the wrong placeholders."""

    def __init__(self, name: str, model: type[Model]):
        self.name = name
        self.model = model
        self._compiled: dict[tuple, _Compiled] = {}  # a race only compiles a shape twice

    def rows(self, shape: tuple, params: Sequence[Any],
             build: Callable[[], QuerySet]) -> list[dict[str, Any]]:
        alias = router.db_for_read(self.model)
        key = (alias, *shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(build().using(alias), params)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, list(params))
            fetched = cursor.fetchall()
        names = compiled.names
        converters = compiled.converters
        rows = []
        for values in fetched:
            if converters:
                values = list(values)
                for column, functions, expression in converters:
                    value = values[column]
                    for function in functions:
                        value = function(value, expression, connection)
                    values[column] = value
            rows.append(dict(zip(names, values, strict=True)))
        return rows

    def _compile(self, queryset: QuerySet, params: Sequence[Any]) -> _Compiled:
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, written = compiler.as_sql()
        if list(written) != list(params):
            raise ValueError(f"{self.name}: the query binds {list(written)!r}, "
                             f"not the declared {list(params)!r}")
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        expressions = [selected[0] for selected in compiler.select[:compiler.col_count]]
        converters = tuple(
            (column, tuple(functions), expression)
            for column, (functions, expression) in compiler.get_converters(expressions).items()
        )
        return _Compiled(sql, tuple(names), converters)
