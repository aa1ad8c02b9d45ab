"""The embeddable directory inside another web site: a host page served from a second loopback
origin frames it when the contact point lists that origin, and the browser refuses the frame
for an origin that is not on the list."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Kommunen</title></head>
<body><main><h1>Selvhjelp i kommunen</h1>
<iframe src="{src}" title="Selvhjelpsgrupper" width="800" height="900"></iframe>
</main></body></html>"""


class HostSite:
    """A municipality's web site: one page that frames the given address."""

    def __init__(self) -> None:
        self.src = ""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = HOST_PAGE.format(src=site.src).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host_site() -> Iterator[Callable[[], HostSite]]:
    sites: list[HostSite] = []

    def make() -> HostSite:
        sites.append(HostSite())
        return sites[-1]

    yield make
    for site in sites:
        site.close()


@pytest.fixture
def listed(make_group: Callable[..., Group], contact_point: ContactPoint) -> Group:
    return make_group("Sorggruppe på Grünerløkka", contact_point=contact_point)


def test_a_listed_web_site_shows_the_groups_and_opens_one_in_the_top_window(
    visitor, live_server, host_site, listed: Group, contact_point: ContactPoint
) -> None:
    site = host_site()
    contact_point.embed_origins = site.origin
    contact_point.save()
    site.src = f"{live_server.url}/innbygging/?kontaktpunkt={contact_point.slug}"
    page = visitor.page
    page.goto(site.origin + "/")
    frame = page.frame_locator("iframe")
    heading = frame.get_by_role("heading", level=1)
    assert heading.inner_text() == "Selvhjelpsgrupper hos LINK Oslo"
    visitor.check()
    frame.get_by_role("link", name="Sorggruppe på Grünerløkka").click()
    page.wait_for_url(f"{live_server.url}/grupper/{listed.code}/")
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sorggruppe på Grünerløkka"


def test_the_browser_refuses_the_frame_on_a_site_that_is_not_listed(
    browser, live_server, host_site, listed: Group, contact_point: ContactPoint
) -> None:
    allowed, other = host_site(), host_site()
    contact_point.embed_origins = allowed.origin
    contact_point.save()
    other.src = f"{live_server.url}/innbygging/?kontaktpunkt={contact_point.slug}"
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    page = context.new_page()
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "frame-ancestors" in message.text else 0,
    )
    page.goto(other.origin + "/")
    page.wait_for_timeout(1000)
    framed = page.frames[1]
    assert framed.url.startswith("chrome-error://"), "the browser shows its own error instead"
    assert framed.get_by_text("Selvhjelpsgrupper hos LINK Oslo").count() == 0
    assert refusals, "the browser names the policy that refused the frame"
    context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_embeddable_list_and_the_api_docs_pass_axe_at_any_width(
    visitor, listed: Group, contact_point: ContactPoint, width: int
) -> None:
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/innbygging/?kommune=0301", "/api/v1/docs/"):
        visitor.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    assert page.get_by_role("heading", name="GET /api/v1/groups/{code}").is_visible()
