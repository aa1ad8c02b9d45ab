"""One check for every list page and feed: its number of queries does not grow with the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

if TYPE_CHECKING:
    # The test client's response, with `context` and `templates`; it exists in the stubs only.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def _listing(captured: CaptureQueriesContext) -> str:
    return "\n".join(f"  {query['sql']}" for query in captured.captured_queries)


def assert_queries_do_not_grow(
    client: Client, path: str, add_data: Callable[[], object], *, at_most: int
) -> TestResponse:
    """Load the page, call `add_data`, load it again: both loads must run the same number of
    queries, and no more than `at_most`. Returns the second response, to check that the new
    data is really on the page.

    A first load that is not counted warms the session and the caches, as a visitor's would be.
    """
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as before:
        assert client.get(path).status_code == 200
    add_data()
    with CaptureQueriesContext(connection) as after:
        response = client.get(path)
    assert response.status_code == 200
    assert len(after) == len(before), (
        f"{path}: {len(before)} queries before more data, {len(after)} after\n"
        f"before:\n{_listing(before)}\nafter:\n{_listing(after)}"
    )
    assert len(before) <= at_most, f"{path}: {len(before)} queries\n{_listing(before)}"
    return response
