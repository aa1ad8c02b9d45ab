"""Queries asked on every request of a page, built by the ORM once per process.

Building a query's SQL costs the ORM far more than running it: the group an inside page is
about, with its place, contact point and initiator, took 1.0–1.3 ms to build and 0.04 ms to
run. A `Prepared` query is written as an ordinary QuerySet; the first call builds it with
stand-in values, remembers the SQL and where the stand-ins went among its parameters, and every
call after that runs the SQL with its own values put in their places. The rows are made into
model instances (with their `select_related` objects) or tuples by the ORM's own converters,
so a prepared query answers exactly what the QuerySet would.

Only values given as arguments change between calls: a query must not read the clock or any
other state while it is built (the time is an argument). Arguments are whole `int`, `str` or
aware `datetime` values compared as they are (`pk=`, `code=`, a foreign key, `ends_at__gt=`);
a lookup that changes its value (`__icontains`) or a list (`__in`) cannot be found among the
parameters and is refused when the query is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

T = TypeVar("T")

_STAND_INS: dict[type, Callable[[int], object]] = {
    # Values no real row holds, one per argument, so that each is found where it went.
    int: lambda n: -2_000_000_011 - n,
    str: lambda n: f"\x1fprepared-{n}\x1f",
    datetime: lambda n: datetime(1901, 1, 1, 0, 0, n, tzinfo=UTC),
}


def _as_parameter(value: object, alias: str) -> object:
    """The value as the ORM gives it to the database (SQLite takes datetimes as UTC text)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("a prepared query takes aware datetimes")
        return connections[alias].ops.adapt_datetimefield_value(value)
    return value


class NotPreparable(Exception):
    """The query's values are not all where a prepared query can put them."""


@dataclass(frozen=True)
class _Built:
    sql: str
    params: tuple[object, ...]
    places: tuple[tuple[int, int], ...]  # (parameter position, argument index)
    compiler: SQLCompiler
    converters: dict[int, Any]  # the ORM's, per column, found once
    shape: str  # "model", "tuples" or "flat"
    alias: str
    vendor: str


class Prepared(Generic[T]):
    """`Prepared(build, int, str)`: `build(*values)` returns the QuerySet; calling the prepared
    query with values of those types returns its rows as a list."""

    def __init__(self, build: Callable[..., QuerySet[Any, T]], *kinds: type) -> None:
        unknown = [kind for kind in kinds if kind not in _STAND_INS]
        if unknown:
            raise NotPreparable(f"only int, str and datetime values can be prepared, not {unknown}")
        self.build = build
        self.kinds = kinds
        self._built: _Built | None = None

    def __call__(self, *values: object) -> list[T]:
        if len(values) != len(self.kinds) or any(
            type(value) is not kind for value, kind in zip(values, self.kinds, strict=True)
        ):
            raise TypeError(f"expected values of types {self.kinds}, got {values!r}")
        built = self._built
        if built is None or connections[built.alias].vendor != built.vendor:
            built = self._built = self._build()
        params: list[Any] = list(built.params)
        for position, index in built.places:
            params[position] = _as_parameter(values[index], built.alias)
        with connections[built.alias].cursor() as cursor:
            cursor.execute(built.sql, params)
            results: list[list[Any]] = [cursor.fetchall()]
        return list(_rows(built, results))

    def _build(self) -> _Built:
        stand_ins = [_STAND_INS[kind](n) for n, kind in enumerate(self.kinds)]
        queryset = self.build(*stand_ins)
        alias = queryset.db
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        given = [_as_parameter(value, alias) for value in stand_ins]
        places = tuple(
            (position, given.index(param))
            for position, param in enumerate(params)
            if param in given
        )
        missing = set(range(len(stand_ins))) - {index for _position, index in places}
        if missing:
            raise NotPreparable(f"values {sorted(missing)} are not parameters of {sql}")
        iterable = queryset._iterable_class
        shapes: dict[type, str] = {
            ModelIterable: "model",
            ValuesListIterable: "tuples",
            FlatValuesListIterable: "flat",
        }
        if iterable not in shapes:
            raise NotPreparable(f"{iterable.__name__} rows are not supported")
        if shapes[iterable] != "model" and queryset.query.annotation_select:
            # values_list() would put annotations in the order they were asked for.
            raise NotPreparable("values_list() with annotations is not supported")
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise NotPreparable("composite fields are not supported")
        converters = compiler.get_converters(columns)
        vendor = connections[alias].vendor
        return _Built(
            sql, tuple(params), places, compiler, converters, shapes[iterable], alias, vendor
        )


def _rows(built: _Built, results: list[list[Any]]) -> Iterator[Any]:
    """The rows as `ModelIterable` and `ValuesListIterable` make them, from fetched results."""
    compiler = built.compiler
    fetched = chain.from_iterable(results)
    rows = compiler.apply_converters(fetched, built.converters) if built.converters else fetched
    if built.shape == "flat":
        yield from (row[0] for row in rows)
        return
    if built.shape == "tuples":
        yield from map(tuple, rows)  # the converters give lists
        return
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None
    model_cls: type[Model] = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    # Django 5.2's signature; the stubs describe a later one.
    populators = get_related_populators(klass_info, select, built.alias)  # type: ignore[call-arg]
    for row in rows:
        obj = model_cls.from_db(built.alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        yield obj
