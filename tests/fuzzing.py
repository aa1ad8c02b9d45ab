"""The fuzz test's tools: reading the forms a page shows, making submissions that try to break
them (what the page offers, with a field or two changed to something no form expects), and
sending them so that each starts from the same data and the same sign-in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD

FORM_ENCODED = "application/x-www-form-urlencoded"
CSRF_TOKEN = "csrfmiddlewaretoken"

# What a person can type, or a tampered request carry, that no field expects.
EMPTY_AND_LONG = ["", " ", "x" * 100_000, "ø" * 50_000, "9" * 100_000]  # 100 kB in UTF-8
CONTROLS = ["\u202e", "\u2066", "\u200b", "\x00", "a\x00b", "\ufeff", "\r\n", "\t"]
DATES = ["9999-12-31", "0001-01-01", "2027-02-30", "10000-01-01"]
TIMES = ["25:61", "24:00", "23:59:60", "12:00:00.9999999"]
NUMBERS = [
    "-1",
    "0",
    str(2**31),
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "²",  # a digit to str.isdigit(), but no number to int()
    "٣",  # an Arabic-Indic three, which int() reads
    "9" * 5000,  # more digits than int() converts
]
# Values a field of this type takes when it is filled in well, so that a submission gets past
# the other fields to the one that is changed. The times are late and early, so that a far date
# in another field reaches the end or the start of the calendar.
TYPICAL = {
    "date": ["2027-05-03"],
    "time": ["23:30", "00:30"],
    "number": ["1", "30", "120"],
    "email": ["ny.person@example.org"],
    "url": ["https://example.org"],
    "password": [PASSWORD],
    "text": ["Tekst"],
    "textarea": ["Tekst"],
    "tel": ["22 00 00 00"],
}
# The troubles of each kind of field.
OWN = {"date": DATES, "time": TIMES, "number": NUMBERS}
# Names a form does not ask for, as a tampered request might send them.
UNEXPECTED = ["id", "pk", "user", "group", "state", "role", "is_superuser", "type", "side"]

# Any character UTF-8 can carry, as a form post is UTF-8: so no surrogates.
typed_text = st.text(st.characters(codec="utf-8"), max_size=40)


@dataclass
class Field:
    """A field as pages show it: its input type, and every value a page offers for it."""

    kind: str
    offered: list[str] = field(default_factory=list)

    def offer(self, value: str) -> None:
        if value not in self.offered:
            self.offered.append(value)


@dataclass
class Form:
    """A form as a page shows it: where it goes, how, and its fields."""

    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def offer(self, name: str | None, kind: str, *values: str) -> None:
        if not name:
            return
        known = self.fields.setdefault(name, Field(kind))
        typical = TYPICAL.get(kind, [])
        for value in (*values, *typical):
            # An empty date or number is a bad value, not a typical one; it is sent as such.
            if value or not typical or kind in ("text", "textarea"):
                known.offer(value)


class _PageReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.current: Form | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def _local(self, url: str) -> str | None:
        """The path and query of an address on this site, None for another site's."""
        parts = urlsplit(urljoin(self.page, url))
        if parts.netloc and parts.netloc != "testserver":
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "?" in values.get("href", ""):
            link = self._local(values["href"])
            if link:
                self.links.append(link)
        elif tag == "form":
            action = self._local(values.get("action") or self.page)
            self.current = Form(action or "", values.get("method", "get").lower())
            if action:
                self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag in ("input", "button"):
            kind = values.get("type", "text" if tag == "input" else "submit")
            # A box without a value is sent as "on" when ticked.
            value = values.get("value", "on" if kind in ("checkbox", "radio") else "")
            extra = [values[name] for name in ("min", "max") if values.get(name)]
            self.current.offer(values.get("name"), kind, value, *extra)
        elif tag == "select":
            self.select = values.get("name")
            self.current.offer(self.select, "select")
        elif tag == "option" and self.select:
            self.current.offer(self.select, "select", values.get("value", ""))
        elif tag == "textarea":
            self.textarea = values.get("name")
            self.current.offer(self.textarea, "textarea")

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea:
            self.current.offer(self.textarea, "textarea", data.strip("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def read_page(html: str, page: str) -> tuple[list[Form], list[str]]:
    """The forms of a page, with their actions as paths (and query) on this site, and the links
    on this site that carry a query (such as the kind of a new proposal)."""
    reader = _PageReader(page)
    reader.feed(html)
    return reader.forms, reader.links


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    names: tuple[str, ...]  # the form's fields; none for a path no page has a form for


def merge(forms: Iterable[Form]) -> dict[Target, dict[str, Field]]:
    """Each form once, with the values every page and person showed for its fields. Two forms
    that post to the same address with different fields (moving and cancelling a meeting) stay
    two forms. The CSRF token is left out: the test client does not check it."""
    merged: dict[Target, dict[str, Field]] = {}
    for form in forms:
        shown_fields = {name: f for name, f in form.fields.items() if name != CSRF_TOKEN}
        target = Target(form.method, form.action, tuple(sorted(shown_fields)))
        fields = merged.setdefault(target, {})
        for name, shown in shown_fields.items():
            known = fields.setdefault(name, Field(shown.kind))
            for value in shown.offered:
                known.offer(value)
    return merged


def bad_values(kind: str, others: list[str]) -> st.SearchStrategy[str]:
    """A value no field of this kind expects: mostly one of the kind's own troubles."""
    anything = st.one_of(
        st.sampled_from(EMPTY_AND_LONG),
        st.sampled_from(CONTROLS),
        st.sampled_from(DATES),
        st.sampled_from(TIMES),
        st.sampled_from(NUMBERS),
        typed_text,
        st.sampled_from(others or [""]),
    )
    own = OWN.get(kind)
    return st.one_of(st.sampled_from(own), st.sampled_from(own), anything) if own else anything


def changed(field: Field, others: list[str]) -> st.SearchStrategy[list[str]]:
    """A field changed: a bad value, left out, or several values where one is expected."""
    bad = bad_values(field.kind, others)
    one = st.one_of(bad, st.sampled_from(field.offered or [""]))
    return st.one_of(
        st.lists(bad, min_size=1, max_size=1),
        st.lists(bad, min_size=1, max_size=1),
        st.just([]),
        st.lists(one, min_size=2, max_size=3),
    )


def submissions(
    fields: dict[str, Field], others: list[str]
) -> st.SearchStrategy[dict[str, list[str]]]:
    """A form filled in from what the pages offer, with one or two of its fields changed (dates,
    times and numbers more often, as their parsing and arithmetic break most), and maybe a
    field it does not have."""
    weighted = sorted(fields) + sorted(name for name, field in fields.items() if field.kind in OWN)
    filled = st.fixed_dictionaries(
        {
            name: st.sampled_from(field.offered or [""]).map(lambda value: [value])
            for name, field in fields.items()
        }
    )
    changes = (
        st.lists(st.sampled_from(weighted), min_size=1, max_size=2, unique=True).flatmap(
            lambda names: st.fixed_dictionaries(
                {name: changed(fields[name], others) for name in names}
            )
        )
        if fields
        else st.just({})
    )
    unexpected = st.dictionaries(
        st.one_of(st.sampled_from(UNEXPECTED), typed_text.filter(bool)),
        changed(Field("text"), others),
        max_size=1,
    )
    return st.tuples(filled, changes, unexpected).map(
        lambda parts: {**parts[2], **parts[0], **parts[1]}
    )


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    then: int | None  # the status of the page the answer redirects to, if any

    @property
    def is_fine(self) -> bool:
        return self.status < 500 and (self.then or 0) < 500


def send(client: Client, method: str, path: str, data: dict[str, list[str]]) -> Answer:
    """One submission, and the page it leads to, inside a savepoint that is rolled back, with
    the client's cookies and the rate limits as they were: every example starts from the same
    data and the same sign-in."""
    cookies = client.cookies
    client.cookies = SimpleCookie(cookies)
    cache.clear()
    try:
        with transaction.atomic():
            body = urlencode(data, doseq=True)
            if method == "get":
                response = client.get(path, QUERY_STRING=body)
            else:
                response = client.post(path, body, content_type=FORM_ENCODED)
            location = response.get("Location", "")
            then = None
            if response.status_code == 302 and location.startswith("/"):
                then = client.get(location).status_code
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return Answer(response.status_code, location, then)


@dataclass
class Crawl:
    """What the pages showed: their forms, and how each person's visit was answered."""

    forms: list[Form] = field(default_factory=list)
    answers: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    def refuses(self, role: str, path: str) -> bool:
        """The page is not this person's: 403, 404, or a redirect to sign in."""
        status, location = self.answers[(role, path.split("?")[0])]
        return status in (403, 404) or (status == 302 and "?next=" in location)


def crawl(clients: dict[str, Client], paths: list[str]) -> Crawl:
    """Every page as every person, and the pages their links with a query lead to (such as a
    new proposal of each kind); none may answer with a server error."""
    seen = Crawl()
    for role, client in clients.items():
        queue = list(paths)
        followed = set(paths)
        while queue:
            path = queue.pop(0)
            response = client.get(path)
            assert response.status_code < 500, (role, path)
            seen.answers.setdefault(
                (role, path), (response.status_code, response.get("Location", ""))
            )
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            forms, links = read_page(response.content.decode(), path)
            seen.forms.extend(forms)
            for link in links:
                if link.split("?")[0] in paths and link not in followed:
                    followed.add(link)
                    queue.append(link)
    return seen


def targets(seen: Crawl, paths: list[str]) -> dict[Target, dict[str, Field]]:
    """Every form the pages showed for a path of the URL table, and a POST to every path that
    showed none: a tampered request can post anywhere."""
    forms = {
        target: fields
        for target, fields in merge(seen.forms).items()
        if target.path.split("?")[0] in paths
    }
    posted = {target.path for target in forms if target.method == "post"}
    bare: dict[Target, dict[str, Field]] = {
        Target("post", path, ()): {} for path in paths if path not in posted
    }
    return forms | bare


def fuzz(
    *,
    role: str,
    client: Client,
    target: Target,
    fields: dict[str, Field],
    others: list[str],
    examples: int,
) -> None:
    """Send the form this many submissions as this person; none may meet a server error."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=submissions(fields, others))
    def submit(data: dict[str, list[str]]) -> None:
        answer = send(client, target.method, target.path, data)
        assert answer.is_fine, (role, target.method, target.path, answer)

    submit()
