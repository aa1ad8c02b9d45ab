"""A load test with a realistic mix of people, for locust (docs/performance.md).

    uv run locust -f scripts/locustfile.py --headless -u 200 -r 20 -t 60s \
        --host http://127.0.0.1:8000 --csv var/locust

Against `selvhjelp serve --demo` (one machine) or `scripts/scaleout --demo` (HAProxy in front).
Most people only look: they browse and filter the directory, search, and read a group's page.
Some are members of the demo's running group: they sign in, read their group and its meetings,
say "I can't come" (and take it back) and answer an open proposal. Each step is named, so the
report gives its own p95.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

PASSWORD = "demo-selvhjelp-2026"  # the demo's, printed by `serve --demo`  # noqa: S105
MEMBERS = [f"deltaker{n}@selvhjelp.test" for n in (2, 3, 4, 5, 7)]
SEARCHES = ["sorg", "angst", "samtale", "tromsø", "gruppe", "rus", "pårørende"]
FILTERS = ["?tema=sorg", "?fylke=03", "?plass=on", "?tema=angst&fylke=55", "?format=video"]
GROUP = re.compile(r'href="/grupper/([A-Za-z0-9_-]+)/"')
INSIDE = re.compile(r'href="/grupper/([A-Za-z0-9_-]+)/inne/"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ABSENCE = re.compile(r'action="(/grupper/[^"]+/fravaer/)"')
VOTE = re.compile(r'action="(/grupper/[^"]+/svar/)"')
PROPOSAL = re.compile(r'href="(/grupper/[^"]+/inne/beslutninger/[A-Za-z0-9_-]+/)"')


class Visitor(HttpUser):
    """Someone looking for a group: no account, mostly reading."""

    weight = 4
    wait_time = between(1, 4)
    groups: list[str]

    def on_start(self) -> None:
        page = self.client.get("/grupper/", name="directory").text
        self.groups = GROUP.findall(page) or []

    @task(4)
    def directory(self) -> None:
        self.client.get("/grupper/", name="directory")

    @task(3)
    def filter(self) -> None:
        self.client.get("/grupper/" + random.choice(FILTERS), name="directory filtered")

    @task(3)
    def search(self) -> None:
        self.client.get("/grupper/", params={"q": random.choice(SEARCHES)}, name="search")

    @task(3)
    def group(self) -> None:
        if self.groups:
            self.client.get(f"/grupper/{random.choice(self.groups)}/", name="a group's page")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")


class Member(HttpUser):
    """A member of a running group: signs in, reads, gives notice, votes."""

    weight = 1
    wait_time = between(2, 6)
    code = ""

    def on_start(self) -> None:
        login = self.client.get("/konto/login/", name="sign in (page)").text
        token = TOKEN.search(login)
        response = self.client.post(
            "/konto/login/",
            data={
                "login": random.choice(MEMBERS),
                "password": PASSWORD,
                "csrfmiddlewaretoken": token[1] if token else "",
            },
            headers={"Referer": self.host + "/konto/login/"},
            name="sign in",
        )
        found = INSIDE.search(self.client.get("/profil/", name="profile").text)
        self.code = found[1] if found else ""
        if response.status_code != 200 or not self.code:
            raise RuntimeError("could not sign in as a demo member")

    def _post(self, path: str, page: str, data: dict[str, str], name: str) -> None:
        token = TOKEN.search(page)
        if token:
            data = {**data, "csrfmiddlewaretoken": token[1]}
            self.client.post(path, data=data, headers={"Referer": self.host + "/"}, name=name)

    @task(3)
    def inside(self) -> None:
        self.client.get(f"/grupper/{self.code}/inne/", name="member: group inside")

    @task(3)
    def meetings(self) -> None:
        self.client.get(f"/grupper/{self.code}/inne/moter/", name="member: meetings")

    @task(1)
    def cannot_come(self) -> None:
        page = self.client.get(f"/grupper/{self.code}/inne/moter/", name="member: meetings").text
        if found := ABSENCE.search(page):
            action = random.choice(["", "withdraw"])
            self._post(found[1], page, {"action": action}, "member: I can't come / I can")

    @task(1)
    def vote(self) -> None:
        listing = self.client.get(
            f"/grupper/{self.code}/inne/beslutninger/", name="member: decisions"
        ).text
        if proposal := PROPOSAL.search(listing):
            page = self.client.get(proposal[1], name="member: a proposal").text
            if found := VOTE.search(page):
                answer = random.choice(["yes", "no"])
                self._post(found[1], page, {"answer": answer}, "member: vote")
