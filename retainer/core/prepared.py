"""Hot read queries compiled to SQL once per process, then run with each request's values
(`PreparedValues` for rows as dicts, `PreparedObjects` for model instances), or with the
values of a key (`PreparedHeads`).

Building a queryset and compiling it costs about a millisecond on every request, which on the
client page is as much as reading and converting its rows (SQLite answers the log in a tenth
of that). For the few queries every page view repeats, `PreparedValues` keeps the SQL the ORM
wrote the first time, with the converters of its columns (dates, JSON), and afterwards runs
only the SQL: the rows are the same dicts `QuerySet.values()` gives.

No library does this: query caches (django-cachalot, cacheops) keep *results*, which a log
that changes with every message cannot use; Django has no prepared-query API.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Count, Model, QuerySet, Window
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError


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
        connection = connections[alias]
        params = _adapted(params, connection)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(build().using(alias), params)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
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
        _check(self.name, written, params)
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        expressions = [selected[0] for selected in compiler.select[:compiler.col_count]]
        converters = tuple(
            (column, tuple(functions), expression)
            for column, (functions, expression) in compiler.get_converters(expressions).items()
        )
        return _Compiled(sql, tuple(names), converters)


class PreparedObjects:
    """`PreparedValues` for model instances with their select_related objects, as the ORM
    makes them. With `for_update`, the query locks its rows (select_for_update) and, as the
    ORM insists, may only run inside a transaction."""

    def __init__(self, name: str, model: type[Model], for_update: bool = False):
        self.name = name
        self.model = model
        self.for_update = for_update
        self._compiled: dict[tuple, _CompiledQuery] = {}

    def objects(self, shape: tuple, params: Sequence[Any],
                build: Callable[[], QuerySet]) -> list[Model]:
        route = router.db_for_write if self.for_update else router.db_for_read
        alias = route(self.model)
        connection = connections[alias]
        if self.for_update and connection.get_autocommit():
            raise TransactionManagementError(
                f"{self.name}: rows are locked only inside a transaction")
        params = _adapted(params, connection)
        key = (alias, *shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = build().using(alias)
            if bool(queryset.query.select_for_update) != self.for_update:
                raise ValueError(f"{self.name}: the query's locking is not as declared")
            compiled = _CompiledQuery(queryset)
            _check(self.name, compiled.params, params)
            self._compiled[key] = compiled
        return compiled.instances(compiled.rows(params))

    def get(self, shape: tuple, params: Sequence[Any], build: Callable[[], QuerySet]
            ) -> Model:
        """The one instance, or the model's DoesNotExist, as `QuerySet.get()`."""
        found = self.objects(shape, params, build)
        if not found:
            raise self.model.DoesNotExist(f"{self.name}: no row for {list(params)!r}")
        return found[0]


def _adapted(params: Sequence[Any], connection) -> list[Any]:
    """Dates and times as the ORM binds them for a date or datetime column (on SQLite, text
    in UTC); a value used otherwise fails the check of the first compilation."""
    ops = connection.ops
    return [ops.adapt_datetimefield_value(value) if isinstance(value, datetime)
            else ops.adapt_datefield_value(value) if isinstance(value, date)
            else value for value in params]


def _check(name: str, written: Sequence[Any], params: Sequence[Any]) -> None:
    if list(written) != list(params):
        raise ValueError(f"{name}: the query binds {list(written)!r}, "
                         f"not the declared {list(params)!r}")


class PreparedHeads:
    """`head_and_count` of a page's lists whose SQL and parameters follow from a key alone.

    A page such as the attention list runs the same dozen queries for a member all day, and
    building and compiling them (subqueries, windows, CASE) takes as long as PostgreSQL
    takes to answer them. The first view of a key builds the querysets (`build()`) and
    compiles each list's head query; later views run the SQL it wrote and make the rows as
    the ORM does (model instances with their select_related objects and annotations). The
    key must hold every value the querysets are built from: nothing else is checked."""

    def __init__(self, limit: int = 64):
        # A key's compiled queries take about half a megabyte; past `limit` keys all are
        # forgotten, and each key costs one build again.
        self.limit = limit
        self._entries: dict[Hashable, dict[str, _Head]] = {}  # a race only builds twice

    def heads(self, key: Hashable, build: Callable[[], dict[str, QuerySet]],
              limits: dict[str, int], by_key: frozenset[str] = frozenset()
              ) -> dict[str, tuple[list, int]]:
        entry = self._entries.get(key)
        if entry is None:
            if len(self._entries) >= self.limit:
                self._entries.clear()
            entry = self._entries[key] = {
                name: _Head(queryset, limits[name], name in by_key)
                for name, queryset in build().items()}
        return {name: head.run() for name, head in entry.items()}


class _Head:
    """One list's first rows and count (see `head_and_count`), compiled once.

    `by_key`, for a list that may run to thousands of wide rows (a client with its manager,
    a milestone with its agreement and client): the window then runs over the primary keys
    alone, and the head's rows are read by key in a second query, compiled once per number
    of keys. The database would otherwise carry every wide row through the join, the window
    and the sort, to keep a few."""

    def __init__(self, queryset: QuerySet, limit: int, by_key: bool):
        if queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise ValueError("a prepared list cannot prefetch or carry related objects")
        # Sorted by the count first (the same for every row, so the order is the list's
        # own): otherwise PostgreSQL's planner takes the LIMIT for a chance to stop early
        # and may pick a plan that reads the rows in order one by one, when the count reads
        # them all anyway — three times slower for the missed retrospectives.
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        counted = queryset.annotate(rows_in_all=Window(Count("pk"))).order_by(
            "rows_in_all", *ordering)
        self.queryset = queryset  # only cloned, never evaluated itself
        self.by_key = by_key
        self.head = _CompiledQuery(
            (counted.values_list("pk", "rows_in_all") if by_key else counted)[:limit])
        self._reads: dict[int, tuple[_CompiledQuery, dict[int, int]]] = {}

    def run(self) -> tuple[list, int]:
        rows = self.head.rows(self.head.params)
        if not rows:
            return [], 0
        if not self.by_key:
            objects = self.head.instances(rows)
            return objects, objects[0].rows_in_all
        keys = [row[0] for row in rows]
        found = {instance.pk: instance for instance in self._read(keys)}
        # (A row deleted between the two reads is left out rather than failing the page.)
        return [found[key] for key in keys if key in found], rows[0][1]

    def _read(self, keys: list) -> list[Model]:
        known = self._reads.get(len(keys))
        if known is None:
            # Compiled with stand-ins for the keys, whose places among the parameters the
            # keys then take.
            marks = [_KEY_MARK - index for index in range(len(keys))]
            compiled = _CompiledQuery(self.queryset.filter(pk__in=marks))
            places = {place: marks.index(value) for place, value in enumerate(compiled.params)
                      if isinstance(value, int) and value in marks}
            if sorted(places.values()) != list(range(len(keys))):
                raise ValueError("the keys are not the read's parameters")
            known = self._reads[len(keys)] = (compiled, places)
        compiled, places = known
        params = list(compiled.params)
        for place, index in places.items():
            params[place] = keys[index]
        return compiled.instances(compiled.rows(params))


_KEY_MARK = -(2**62)  # a key no table has


class _CompiledQuery:
    """A queryset's SQL and parameters, and how its rows become model instances, as
    Django's ModelIterable makes them, from the compiled query's own column map."""

    def __init__(self, queryset: QuerySet):
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(self.db)
        try:
            self.sql, self.params = self.compiler.as_sql()
        except EmptyResultSet:
            self.sql, self.params = None, ()

    def rows(self, params: Sequence[Any]) -> list:
        if self.sql is None:
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        compiler = self.compiler
        if compiler.has_extra_select:
            fetched = [row[:compiler.col_count] for row in fetched]
        return list(compiler.results_iter([fetched])) if fetched else []

    def instances(self, rows: list) -> list[Model]:
        compiler = self.compiler
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        columns = slice(fields[0], fields[-1] + 1)
        init_list = [column[0].target.attname for column in select[columns]]
        populators = get_related_populators(klass_info, select, self.db)
        annotations = compiler.annotation_col_map.items()
        model = klass_info["model"]
        objects = []
        for row in rows:
            instance = model.from_db(self.db, init_list, row[columns])
            for populator in populators:
                populator.populate(row, instance)
            for name, column in annotations:
                setattr(instance, name, row[column])
            objects.append(instance)
        return objects
