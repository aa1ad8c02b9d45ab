"""A load test with a realistic mix of people, for locust (docs/performance.md).

    uv run locust -f scripts/locustfile.py --headless -u 200 -r 20 -t 60s \
        --host http://127.0.0.1:8000 --csv var/locust

Against `selvhjelp serve --demo` (one machine) or `scripts/scaleout --demo` (HAProxy in front).
Most people only look: they browse and filter the directory, search, and read a group's page.
Some are members of the demo's running group: they sign in, read their group and its meetings,
say "I can't come" (or take it back) and answer the open proposal. Each step is named, so the
report gives its own p95.

A step counts as failed unless it answers as it does for a real person: a page 200 (a redirect,
to the login page or anywhere else, is a failure), a form sent 302 to the page it leads to.
Forms are sent as the page offers them, with its CSRF token.

Each simulated person has an address of their own on the loopback network (127.0.x.y) when the
host is on it: the site limits sign-ins to 30 a minute per address, as it should, and 200 people
at one address would be one guesser.
"""

from __future__ import annotations

import itertools
import random
import re
from ipaddress import ip_address
from urllib.parse import urlsplit

from locust import HttpUser, between, task
from locust.clients import LocustHttpAdapter
from urllib3 import PoolManager

PASSWORD = "demo-selvhjelp-2026"  # the demo's, printed by `serve --demo`  # noqa: S105
# The running group's members in the demo. Inga always answers no, so the open proposal stays
# open for the whole run (once everyone has said yes it is adopted and closes).
MEMBERS = [f"deltaker{n}@selvhjelp.test" for n in (2, 3, 4, 5, 7)]
ALWAYS_NO = "deltaker7@selvhjelp.test"
SEARCHES = ["sorg", "angst", "samtale", "tromsø", "gruppe", "rus", "pårørende"]
FILTERS = ["?tema=sorg", "?fylke=03", "?plass=on", "?tema=angst&fylke=55", "?format=video"]
GROUP = re.compile(r'href="/grupper/([A-Za-z0-9_-]+)/"')
INSIDE = re.compile(r'href="/grupper/([A-Za-z0-9_-]+)/inne/"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A meeting's "I can't come" form, and whether it is the one that takes the notice back.
ABSENCE = re.compile(
    r'<form method="post" action="(/grupper/[^"]+/fravaer/)">(.*?)</form>', re.DOTALL
)
# The first proposal under "Open proposals" (the decided ones are listed after that section).
OPEN_PROPOSAL = re.compile(
    r'id="open-heading"(?:(?!</section>).)*?'
    r'href="(/grupper/[^"]+/inne/beslutninger/[A-Za-z0-9_-]+/)"',
    re.DOTALL,
)
VOTE = re.compile(r'action="(/grupper/[^"]+/svar/)"')
ADDRESSES = itertools.count()
# In turns, not at random: the same account signing in many times at once looks like guessing
# (allauth counts an attempt before it checks the password, and four at once is the limit).
ACCOUNTS = itertools.cycle(MEMBERS)


class Person(HttpUser):
    abstract = True

    def on_start(self) -> None:
        """Come from an address of one's own (see the module's docstring)."""
        host = urlsplit(self.host or "").hostname or ""
        try:
            loopback = ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if loopback:
            n = next(ADDRESSES)
            source = (f"127.0.{n // 250 + 1}.{n % 250 + 1}", 0)
            adapter = LocustHttpAdapter(pool_manager=PoolManager(source_address=source))
            self.client.mount("http://", adapter)

    def page(
        self, path: str, name: str, *, expect: re.Pattern[str] | None = None, **params: str
    ) -> str:
        """GET a page; anything but a 200, or a page without what `expect` finds, is a failure.
        Returns the page ("" on failure)."""
        with self.client.get(
            path, params=params, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
                return ""
            if expect and not expect.search(response.text):
                response.failure(f"nothing like {expect.pattern[:40]!r} on the page")
                return ""
            return str(response.text)

    def send(self, path: str, data: dict[str, str], name: str, *, to: str) -> bool:
        """POST a form; only a 302 to a path ending in `to` is a success."""
        with self.client.post(
            path,
            data=data,
            headers={"Referer": self.host + path},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = urlsplit(response.headers.get("Location", "")).path
            if response.status_code != 302 or not where.endswith(to):
                response.failure(f"{response.status_code} {where}".strip())
                return False
            return True


class Visitor(Person):
    """Someone looking for a group: no account, only reading."""

    weight = 4
    wait_time = between(1, 4)
    groups: list[str]

    def on_start(self) -> None:
        super().on_start()
        self.groups = GROUP.findall(self.page("/grupper/", "directory"))

    @task(4)
    def directory(self) -> None:
        self.page("/grupper/", "directory")

    @task(3)
    def filter(self) -> None:
        self.page("/grupper/" + random.choice(FILTERS), "directory filtered")

    @task(3)
    def search(self) -> None:
        self.page("/grupper/", "search", q=random.choice(SEARCHES))

    @task(3)
    def group(self) -> None:
        if self.groups:
            self.page(f"/grupper/{random.choice(self.groups)}/", "a group's page")

    @task(1)
    def home(self) -> None:
        self.page("/", "home")


class Member(Person):
    """A member of the running group: signs in, reads, gives notice, answers a proposal."""

    weight = 1
    wait_time = between(2, 6)
    email = ""
    code = ""

    def on_start(self) -> None:
        super().on_start()
        self.email = next(ACCOUNTS)
        self.sign_in()

    def sign_in(self) -> None:
        token = TOKEN.search(self.page("/konto/login/", "sign in (page)", expect=TOKEN))
        form = {"login": self.email, "password": PASSWORD}
        if token and self.send(
            "/konto/login/", {**form, "csrfmiddlewaretoken": token[1]}, "sign in", to="/start/"
        ):
            found = INSIDE.search(self.page("/profil/", "member: profile", expect=INSIDE))
            self.code = found[1] if found else ""

    def inside_page(self, path: str, name: str, expect: re.Pattern[str] | None = None) -> str:
        """A page of the group's inside; someone whose sign-in failed tries again first."""
        if not self.code:
            self.sign_in()
        if not self.code:
            return ""
        return self.page(f"/grupper/{self.code}/inne/{path}", name, expect=expect)

    @task(3)
    def inside(self) -> None:
        self.inside_page("", "member: group inside")

    @task(3)
    def meetings(self) -> None:
        self.inside_page("moter/", "member: meetings")

    @task(1)
    def cannot_come(self) -> None:
        page = self.inside_page("moter/", "member: meetings", expect=ABSENCE)
        token = TOKEN.search(page)
        forms = ABSENCE.findall(page)
        if token and forms:
            action, inside = random.choice(forms[:3])
            data = {"csrfmiddlewaretoken": token[1]}
            if 'value="withdraw"' in inside:
                data["action"] = "withdraw"
            self.send(action, data, "member: I can't come / I can after all", to="/inne/moter/")

    @task(1)
    def vote(self) -> None:
        listing = self.inside_page("beslutninger/", "member: decisions", expect=OPEN_PROPOSAL)
        proposal = OPEN_PROPOSAL.search(listing)
        if not proposal:
            return
        page = self.page(proposal[1], "member: a proposal", expect=VOTE)
        token, form = TOKEN.search(page), VOTE.search(page)
        if token and form:
            answer = "no" if self.email == ALWAYS_NO else random.choice(["yes", "no"])
            data = {"answer": answer, "csrfmiddlewaretoken": token[1]}
            self.send(form[1], data, "member: vote", to=proposal[1])
