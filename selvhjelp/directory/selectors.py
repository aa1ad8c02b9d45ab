"""The directory's one query, shared by its page, the open data API and the embeddable list."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.directory.forms import DirectoryForm
from selvhjelp.groups.models import Group, GroupQuerySet
from selvhjelp.groups.search import listed_matching


def directory_groups(
    form: DirectoryForm, *, contact_point: ContactPoint | None = None
) -> GroupQuerySet:
    """The listed groups the form's filters and search choose (all of them when the form is
    invalid), optionally only one contact point's, newest first, ready to show."""
    groups = Group.objects.listed()
    if contact_point is not None:
        groups = groups.filter(contact_point=contact_point)
    return form.filter(groups).for_listing()


def directory_group_ids(form: DirectoryForm) -> QuerySet[Any, int]:
    """The ids of the groups `directory_groups` lists, in the same order: what a page of
    cards needs (directory/cards.py). Its joins and prefetching fall away with `values_list`.

    A search with no other filter is counted and paged in SQLite's search table, which holds
    the listed groups only: a common word matches thousands of groups, and reading each one's
    row to ask whether it is listed cost more than the search.
    """
    entries = listed_matching(form.search_alone)
    if entries is not None:
        return entries.order_by("-id").values_list("pk", flat=True)  # as `for_listing`
    return directory_groups(form).values_list("pk", flat=True)
