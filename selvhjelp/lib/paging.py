"""Pages of a list that may be very long: the directory counts at most CAP + 1 groups.

Counting every one of hundreds of thousands of matching rows costs more than drawing the page,
and nobody reads on to page 500; past CAP the page says "more than 10 000" instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000

if TYPE_CHECKING:
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator  # not subscriptable at run time


class CappedPaginator(_Paginator):
    def __init__(self, object_list: QuerySet[Any], per_page: int) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list

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

    def page(self, number: int | str) -> Page[Any]:
        """Django's page, except that a page near the cap is not cut off at the counted rows."""
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.rows[bottom : bottom + self.per_page], number, self)
