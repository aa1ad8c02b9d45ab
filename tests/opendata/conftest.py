"""Every open data test runs twice: with the page cache off, and on, as a server runs it, where
the API's answers are kept whole and each request is still counted (lib/pagecache.COUNTED)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from selvhjelp.lib import pagecache


@pytest.fixture(autouse=True, params=[False, True], ids=["drawn", "kept"])
def _page_cache(request: pytest.FixtureRequest, settings, monkeypatch) -> bool:
    if request.param and request.node.get_closest_marker("drawn"):
        pytest.skip("counts the queries of drawing the answer")
    settings.SELVHJELP_PAGE_CACHE = request.param
    if request.param:
        # A test's transaction never commits: a change forgets the kept answers at once, as it
        # does on a server once its transaction has committed.
        monkeypatch.setattr(pagecache, "transaction", SimpleNamespace(on_commit=lambda f: f()))
    return bool(request.param)
