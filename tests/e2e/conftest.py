"""Browser tests: a real Chromium against the live server, with axe on every page visited.

Pinned to bokmål (nb-NO) and Europe/Oslo. Without a browser these tests skip with a reason,
unless SELVHJELP_REQUIRE_BROWSER is set (as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

DEBIAN_CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path(playwright) -> str | None:
    bundled = Path(playwright.chromium.executable_path)
    if bundled.exists():
        return None  # Playwright's own build: no path needed
    for candidate in (DEBIAN_CHROMIUM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    raise FileNotFoundError


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the ORM calls made by the
    # tests themselves (reading the outbox, making users) are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        try:
            path = _chromium_path(playwright)
        except FileNotFoundError:
            if os.environ.get("SELVHJELP_REQUIRE_BROWSER"):
                pytest.fail("SELVHJELP_REQUIRE_BROWSER is set, but no Chromium was found")
            pytest.skip("No Chromium found (install Debian's chromium or run playwright install)")
        browser = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visitor:
    """A page in the browser that checks every page it lands on with axe."""

    def __init__(self, page, base_url: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.problems: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        # An error page answers with its status on purpose; only its resources must load.
        if message.location.get("url") == self.page.url and "status of" in message.text:
            return
        self.problems.append(f"console: {message.text} ({message.location.get('url')})")

    def login(self, user) -> None:
        """Sign the browser in as this person, without walking through the login form."""
        from urllib.parse import urlsplit

        from django.conf import settings

        from tests.conftest import signed_in

        client = signed_in(user)
        self.page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "domain": urlsplit(self.base_url).hostname,
                    "path": "/",
                }
            ]
        )

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check()

    def check(self) -> None:
        """Run axe on the page as it is now; fail on any violation."""
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page)
        assert results.response.get("testEngine", {}).get("name") == "axe-core"
        assert results.violations_count == 0, (
            f"{self.page.url}: axe found {results.violations_count} violation(s)\n"
            + results.generate_report()
        )
        assert self.problems == [], self.problems


@pytest.fixture
def visitor(browser, live_server) -> Iterator[Visitor]:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    page = context.new_page()
    page.set_default_timeout(15_000)
    visitor = Visitor(page, live_server.url)
    yield visitor
    context.close()
    assert visitor.problems == [], visitor.problems
