"""Pages of a list that may be very long: the directory counts at most CAP + 1 groups.

Counting every one of hundreds of thousands of matching rows costs more than drawing the page,
and nobody reads on to page 500; past CAP the page says "more than 10 000" instead.

Below the cap, the count and the page's rows come from one query: the matches are found once
(for a search, a place and a theme, finding them is the whole cost), counted, and the page is
taken from them. Past the cap that page would be one of the first CAP + 1 matches found, in no
order, so the page is then asked for on its own, in the list's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000

if TYPE_CHECKING:
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator  # not subscriptable at run time

# The orders a page can be taken in from the counted matches: by the key the list selects.
_ORDERS: dict[tuple[object, ...], str] = {
    ("-pk",): "DESC",
    ("-id",): "DESC",
    ("pk",): "ASC",
    ("id",): "ASC",
}


class CappedPaginator(_Paginator):
    """Django's paginator over a list of keys (`values_list("pk", flat=True)`), counting at
    most CAP + 1 of them."""

    def __init__(
        self, object_list: QuerySet[Any], per_page: int, *, count_apart: bool = False
    ) -> None:
        """`count_apart` for a list that most likely passes the cap (a directory without
        filters): its count alone is cheaper than keeping the counted keys."""
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.count_apart = count_apart
        self._looked: tuple[int, list[Any]] | None = None

    @cached_property
    def count(self) -> int:
        # COUNT(*) of the first CAP + 1 rows only (a LIMIT inside the count), in no order: the
        # database may then count from an index instead of walking the rows in the page's order.
        return self.rows.order_by()[: CAP + 1].count()

    @property
    def capped(self) -> bool:
        """There are more than CAP, and `count` says CAP + 1."""
        return self.count > CAP

    @property
    def cap(self) -> int:
        return CAP

    def get_page(self, number: Any) -> Page[Any]:
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        # Only a page within the counted rows can be taken from them.
        if (
            not self.count_apart
            and 1 <= wanted <= CAP // self.per_page + 1
            and "count" not in self.__dict__
        ):
            self._look(wanted)
        return super().get_page(number)

    def page(self, number: int | str) -> Page[Any]:
        """Django's page, except that a page near the cap is not cut off at the counted rows."""
        if self._looked is not None and self._looked[0] == number and not self.capped:
            return Page(self._looked[1], number, self)
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.rows[bottom : bottom + self.per_page], number, self)

    def _look(self, number: int) -> None:
        """Count the first CAP + 1 matches and, when they are all, take page `number` from them,
        in one query."""
        direction = _ORDERS.get(tuple(self.rows.query.order_by))
        if direction is None or self.rows.query.values_select != ("pk",):
            return
        sql, params = self.rows.order_by()[: CAP + 1].query.sql_with_params()
        with connections[self.rows.db].cursor() as cursor:
            cursor.execute(
                # Django's own SQL for the list and a direction from _ORDERS; values are
                # parameters. Used twice, the matches are found once (PostgreSQL and SQLite
                # keep such a WITH's rows).
                f"WITH found (pk) AS ({sql}) "  # noqa: S608
                "SELECT counted.n, shown.pk FROM (SELECT COUNT(*) AS n FROM found) AS counted "
                "LEFT JOIN (SELECT pk FROM found WHERE (SELECT COUNT(*) FROM found) <= %s "
                f"ORDER BY pk {direction} LIMIT %s OFFSET %s) AS shown ON 1 = 1 "
                f"ORDER BY shown.pk {direction}",
                [*params, CAP, self.per_page, (number - 1) * self.per_page],
            )
            rows = cursor.fetchall()
        self.__dict__["count"] = rows[0][0]
        self._looked = (number, [pk for _count, pk in rows if pk is not None])
