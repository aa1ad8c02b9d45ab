from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, GroupFormat, GroupState, Openness, Theme
from selvhjelp.groups.services.search import theme_save
from selvhjelp.lib.folding import fold, searchable
from selvhjelp.lib.pagecache import local_data
from selvhjelp.places.models import Municipality
from tests.conftest import meet_weekly, municipality, theme
from tests.queries import assert_queries_do_not_grow

if TYPE_CHECKING:
    # The test client's response, with `context`; it exists in the stubs only.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    """The titles of the cards on the page, in order."""
    html = response.content.decode()
    cards = re.findall(r'<li class="ds-card group-card">\s*<h\d[^>]*><a [^>]*>([^<]*)</a>', html)
    return [unescape(title) for title in cards]


@pytest.fixture
def groups(make_group, contact_point):
    return {
        "sorg-oslo": make_group(
            "Sorggruppe Grünerløkka",
            themes=("sorg",),
            contact_point=contact_point,
            weekday=0,
            time_of_day="evening",
        ),
        "angst-oslo-video": make_group(
            "Angst på nett",
            themes=("angst",),
            format=GroupFormat.VIDEO,
            weekday=2,
            openness=Openness.OPEN,
            free_seats=2,
            state=GroupState.RUNNING,
        ),
        "sorg-tromso": make_group(
            "Sorg i nord",
            themes=("sorg",),
            municipality="5501",
            weekday=0,
            state=GroupState.RUNNING,
        ),
        "tvers-bergen": make_group(
            "Samtale på tvers",
            themes=("pa-tvers",),
            municipality="4601",
            kind="across",
            weekday=3,
        ),
        "unlisted": make_group("Skjult gruppe", listed=False),
        "ended": make_group("Avsluttet gruppe", state=GroupState.ENDED),
    }


def test_the_directory_lists_only_listed_groups_that_have_not_ended(groups) -> None:
    titles = _titles(Client().get("/grupper/"))
    assert sorted(titles) == sorted(
        ["Sorggruppe Grünerløkka", "Angst på nett", "Sorg i nord", "Samtale på tvers"]
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tema=sorg", {"Sorggruppe Grünerløkka", "Sorg i nord"}),
        ("fylke=55", {"Sorg i nord"}),
        ("kommune=0301", {"Sorggruppe Grünerløkka", "Angst på nett"}),
        ("format=video", {"Angst på nett"}),
        ("dag=0", {"Sorggruppe Grünerløkka", "Sorg i nord"}),
        ("plass=on", {"Sorggruppe Grünerløkka", "Angst på nett", "Samtale på tvers"}),
        ("tema=sorg&dag=0&plass=on", {"Sorggruppe Grünerløkka"}),
        ("tema=sorg&fylke=03", {"Sorggruppe Grünerløkka"}),
        ("kommune=0301&format=physical", {"Sorggruppe Grünerløkka"}),
        ("tema=angst&fylke=55", set()),
        # A place with a theme: the place's groups are found first, then asked for the theme.
        ("tema=angst&kommune=0301", {"Angst på nett"}),
        ("tema=sorg&fylke=03&plass=on", {"Sorggruppe Grünerløkka"}),
        ("tema=sorg&kommune=0301&plass=on", {"Sorggruppe Grünerløkka"}),
        ("fylke=03&plass=on", {"Sorggruppe Grünerløkka", "Angst på nett"}),
        ("tema=sorg&fylke=55&plass=on", set()),
        ("q=sorg&fylke=03&tema=sorg", {"Sorggruppe Grünerløkka"}),
        # A search with a Monday or with room chosen is not a search alone.
        ("q=tvers&dag=0", set()),
        ("q=sorg&plass=on", {"Sorggruppe Grünerløkka"}),
    ],
)
def test_filters_combine(groups, query: str, expected: set[str]) -> None:
    assert set(_titles(Client().get(f"/grupper/?{query}"))) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("sorg", {"Sorggruppe Grünerløkka", "Sorg i nord"}),
        ("grün", {"Sorggruppe Grünerløkka"}),
        ("tromsø", {"Sorg i nord"}),
        ("tromso", {"Sorg i nord"}),
        ("TROMSO", {"Sorg i nord"}),
        ("grunerlokka", {"Sorggruppe Grünerløkka"}),
        ("Grünerløkka", {"Sorggruppe Grünerløkka"}),
        ("grünerlökka", {"Sorggruppe Grünerløkka"}),
        ("bergen tvers", {"Samtale på tvers"}),
        ("paa tvers", {"Samtale på tvers"}),
        ("grief", {"Sorggruppe Grünerløkka", "Sorg i nord"}),
        ("sorg oslo", {"Sorggruppe Grünerløkka"}),
        ("LINK", {"Sorggruppe Grünerløkka"}),
        ("'\\\"*)", {"Sorggruppe Grünerløkka", "Angst på nett", "Sorg i nord", "Samtale på tvers"}),
        ("finnesikke", set()),
    ],
)
def test_free_text_search_finds_title_theme_place_and_prefixes(groups, words, expected) -> None:
    response = Client().get("/grupper/", {"q": words})
    assert response.status_code == 200
    assert set(_titles(response)) == expected


@pytest.mark.parametrize("words", ["⑴⑵", "½", "⑴ sorg", "x_y", "1⁄2", "ﬁ", "㈱", "sorg ⒜"])
def test_words_that_fold_to_signs_are_searched_not_refused(groups, words) -> None:
    """Folding turns some characters into signs ("⑴" into "(1)"), which the database's query
    language reads as its own operators unless each word is quoted."""
    response = Client().get("/grupper/", {"q": words})
    assert response.status_code == 200
    assert f'value="{words}"' in response.content.decode()


def test_aa_finds_aa_written_as_one_letter_and_the_letter_finds_aa(make_group) -> None:
    make_group("Åsane samtalegruppe", municipality="4601")
    make_group("Haakons gruppe", municipality="4601")
    assert set(_titles(Client().get("/grupper/", {"q": "aasane"}))) == {"Åsane samtalegruppe"}
    assert set(_titles(Client().get("/grupper/", {"q": "håkon"}))) == {"Haakons gruppe"}
    assert set(_titles(Client().get("/grupper/", {"q": "asane"}))) == {"Åsane samtalegruppe"}


def test_folding_is_the_same_for_the_text_and_the_query() -> None:
    assert fold("Grünerløkka") == fold("grunerlokka") == "grunerlokka"
    assert fold("Tromsø") == "tromso"
    assert fold("Åsane") == fold("Aasane") == "asane"
    assert fold("Kárášjohka") == "karasjohka"
    assert fold("Uŋgá Đáŧŧá") == "unga datta"
    assert fold("Bærum") == "baerum"
    assert searchable("Sorg i Tromsø") == "Sorg i Tromsø tromso"
    assert searchable(searchable("Tromsø")) == searchable("Tromsø")


def _municipality_select(html: str) -> str:
    found = re.search(r'<select[^>]*name="kommune".*?</select>', html, re.S)
    assert found is not None
    return found.group(0)


def test_choosing_a_county_narrows_the_municipality_list(groups) -> None:
    html = Client().get("/grupper/?fylke=55").content.decode()
    options = _municipality_select(html)
    assert '<option value="5501" data-county="55">Tromsø</option>' in options
    assert 'value="0301"' not in options
    assert 'value="4601"' not in options
    # The whole list waits for the script, which narrows it again when the county changes.
    whole = html[html.index('<template data-options-for="id_kommune">') :]
    assert '<option value="0301" data-county="03">Oslo</option>' in whole
    assert 'data-narrows="id_kommune"' in html


def test_without_a_county_every_municipality_is_listed_with_its_county(groups) -> None:
    html = Client().get("/grupper/").content.decode()
    options = _municipality_select(html)
    assert options.count("<option") == 1 + Municipality.objects.filter(active=True).count()
    assert '<option value="0301" data-county="03">Oslo</option>' in options
    assert "<template data-options-for" not in html


def test_a_municipality_outside_the_chosen_county_gives_way_to_the_county(groups) -> None:
    response = Client().get("/grupper/?fylke=55&kommune=0301")
    assert set(_titles(response)) == {"Sorg i nord"}
    assert "ds-error-summary" not in response.content.decode()
    assert "selected" not in _municipality_select(response.content.decode())


def test_the_public_day_of_a_group_is_the_day_its_series_meets(groups) -> None:
    group = groups["angst-oslo-video"]  # said Wednesday when it was made
    meet_weekly(group, start_date=date(2027, 3, 4), weekday=3)
    html = Client().get(f"/grupper/{group.code}/").content.decode()
    assert "<dt>Dag</dt><dd>Torsdag</dd>" in html
    assert "Angst på nett" in _titles(Client().get("/grupper/?dag=3"))
    assert "Angst på nett" not in _titles(Client().get("/grupper/?dag=2"))


def test_bad_filter_values_are_ignored_with_a_message_not_a_500(groups) -> None:
    response = Client().get("/grupper/?tema=finnes-ikke&dag=9&kommune=abc&side=zz")
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_an_empty_result_invites_people_to_register_interest(groups) -> None:
    html = Client().get("/grupper/?tema=angst&fylke=55").content.decode()
    assert "Ingen gruppe her ennå" in html
    assert 'href="/interesse/"' in html


def test_results_are_paginated_and_links_keep_the_filters(make_group) -> None:
    for n in range(25):
        make_group(f"Gruppe {n}", themes=("angst",))
    first = Client().get("/grupper/?tema=angst")
    assert len(_titles(first)) == 20
    assert 'href="?tema=angst&amp;side=2"' in first.content.decode()
    second = Client().get("/grupper/?tema=angst&side=2")
    assert len(_titles(second)) == 5


@pytest.mark.parametrize("filters", ["tema=angst&", ""])
@pytest.mark.parametrize(("cap", "last"), [(10_000, slice(40, 45)), (30, slice(20, 40))])
def test_each_page_shows_its_groups_newest_first_below_and_past_the_cap(
    make_group, monkeypatch, filters: str, cap: int, last: slice
) -> None:
    """Below the cap a filtered page is taken from the counted matches, past it (and without
    filters) asked for on its own: the pages are the same either way (past the cap, the last
    page is the last one counted)."""
    monkeypatch.setattr("selvhjelp.lib.paging.CAP", cap)
    titles = [make_group(f"Gruppe {n}", themes=("angst",)).title for n in range(45)][::-1]
    client = Client()
    for side, shown in [("1", titles[:20]), ("2", titles[20:40]), ("99", titles[last])]:
        assert _titles(client.get(f"/grupper/?{filters}side={side}")) == shown
    assert _titles(client.get(f"/grupper/?{filters}side=x")) == titles[:20]


def test_public_pages_show_has_room_yes_or_no_never_numbers(groups) -> None:
    group = groups["angst-oslo-video"]
    html = Client().get(f"/grupper/{group.code}/").content.decode()
    assert "<dt>Har plass</dt><dd>Ja</dd>" in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\b2\b", text), "the number of free seats must not show"
    for field in ("free_seats", "plasser igjen", "medlemmer", "members"):
        assert field not in html


def test_an_unlisted_or_ended_group_is_404(groups) -> None:
    assert Client().get(f"/grupper/{groups['unlisted'].code}/").status_code == 404
    assert Client().get(f"/grupper/{groups['ended'].code}/").status_code == 404


def test_the_contact_point_page_shows_contact_details_and_its_groups(groups, contact_point) -> None:
    response = Client().get(f"/kontaktpunkt/{contact_point.slug}/")
    html = response.content.decode()
    assert "link@oslo.example.org" in html
    assert "<dt>Dekker</dt><dd>Oslo</dd>" in html
    assert _titles(response) == ["Sorggruppe Grünerløkka"]


def _bulk_groups(count: int) -> None:
    places = [municipality("0301"), municipality("5501"), municipality("4601")]
    now = timezone.now()
    created = Group.objects.bulk_create(
        Group(
            title=f"Gruppe {n}",
            municipality=places[n % 3],
            kind="shared",
            format="physical",
            listed=True,
            weekday=n % 7,
            search_document=f"Gruppe {n} Sorg Oslo",
            created_at=now,
        )
        for n in range(count)
    )
    sorg = theme("sorg")
    Group.themes.through.objects.bulk_create(
        Group.themes.through(group_id=group.id, theme_id=sorg.id) for group in created
    )


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/grupper/", 10000),
        ("/grupper/?tema=sorg&fylke=03&plass=on&q=grupp", 3334),
        ("/grupper/?q=sorg", 10000),
    ],
)
def test_the_directory_runs_the_same_number_of_queries_for_10_and_10000_groups(
    path, count, contact_point
) -> None:
    client = Client()

    def queries(*, drawn: bool) -> tuple[int, TestResponse]:
        """The page's queries with all kept, or with everything public forgotten (its cards,
        its option lists)."""
        if not drawn:
            cache.clear()
            local_data.clear()
        client.get(path) if drawn else None
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        return len(captured), response

    _bulk_groups(10)
    kept_10, _ = queries(drawn=True)
    drawing_10, _ = queries(drawn=False)
    _bulk_groups(9990)
    kept_10000, _ = queries(drawn=True)
    drawing_10000, response = queries(drawn=False)
    assert kept_10 == kept_10000 <= 4  # the theme and county chosen, the count, the ids
    assert drawing_10 == drawing_10000 <= 9
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize(("cap", "count"), [(10_000, 24), (21, 22)])
def test_a_search_alone_gives_the_groups_order_and_count_of_the_groups_listed(
    make_group, monkeypatch, cap: int, count: int
) -> None:
    """The search table answers a search alone (on SQLite): the same pages and count as the
    listed groups that match, below and past the cap."""
    monkeypatch.setattr("selvhjelp.lib.paging.CAP", cap)
    for n in range(40):
        listed, ended = n % 4 != 1, n % 5 == 3
        state = GroupState.ENDED if ended else GroupState.RUNNING
        make_group(f"Gruppe {n}", listed=listed, state=state, themes=("angst",))
    make_group("Sorggruppe", themes=("sorg",))
    expected = list(
        Group.objects.listed()
        .filter(title__startswith="Gruppe ")
        .order_by("-id")
        .values_list("title", flat=True)
    )
    assert len(expected) == 24
    client = Client()
    for side, shown in [("1", slice(0, 20)), ("2", slice(20, 40))]:
        response = client.get("/grupper/", {"q": "angst", "side": side})
        assert _titles(response) == expected[shown]
        assert response.context["page"].paginator.count == count
    heading = "Mer enn 21 grupper" if cap == 21 else "24 grupper"
    assert heading in response.content.decode()


def test_a_search_alone_reads_no_groups_row_once_its_cards_are_drawn(make_group) -> None:
    """A common word matches thousands of groups: they are counted and paged in the search
    table (which holds the listed groups only), not looked up one by one in the groups'."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's search table; PostgreSQL's index is on the groups' table")
    make_group("Sorggruppe")
    client = Client()
    client.get("/grupper/?q=sorg")
    with CaptureQueriesContext(connection) as captured:
        assert _titles(client.get("/grupper/?q=sorg")) == ["Sorggruppe"]
    assert [query["sql"] for query in captured if '"groups_group"' in query["sql"]] == []


def test_a_group_page_and_a_contact_point_page_have_a_fixed_number_of_queries(
    make_group, contact_point
) -> None:
    group = make_group(themes=("sorg",), contact_point=contact_point)
    page = assert_queries_do_not_grow(
        Client(),
        f"/grupper/{group.code}/",
        lambda: group.themes.add(theme("angst"), theme("traumer")),
        at_most=3,
    )
    first_fact = re.search(r"<dd>(.*?)</dd>", page.content.decode())  # the group's themes
    assert first_fact is not None
    assert first_fact.group(1) == "Angst, Sorg og tap, Traumer"

    def thirty_more_groups() -> None:
        for n in range(30):
            make_group(f"Gruppe {n}", contact_point=contact_point, themes=("sorg", "angst"))

    page = assert_queries_do_not_grow(
        Client(), f"/kontaktpunkt/{contact_point.slug}/", thirty_more_groups, at_most=5
    )
    assert page.context["page"].paginator.count == 31


def test_the_filter_lists_show_a_renamed_theme_at_once(
    admin_user: User, django_capture_on_commit_callbacks
) -> None:
    assert "Sorg og savn" not in Client().get("/grupper/").content.decode()
    grief = Theme.objects.get(slug="sorg")
    grief.name_nb = "Sorg og savn"
    with django_capture_on_commit_callbacks(execute=True):
        theme_save(theme=grief, by=admin_user)
    assert "Sorg og savn" in Client().get("/grupper/").content.decode()


def test_past_the_cap_the_directory_says_more_than_and_counts_no_further(
    make_group, monkeypatch, django_assert_max_num_queries
) -> None:
    monkeypatch.setattr("selvhjelp.lib.paging.CAP", 3)
    for n in range(5):
        make_group(f"Gruppe {n}")
    response = Client().get("/grupper/")
    html = response.content.decode()
    assert "Mer enn 3 grupper" in html
    assert "5 grupper" not in html
    assert "Gruppe 0" in html
    assert "Gruppe 4" in html
    paginator = response.context["page"].paginator
    assert paginator.count == 4  # the first CAP + 1 rows were counted, no more
    monkeypatch.setattr("selvhjelp.lib.paging.CAP", 10)
    assert "5 grupper" in Client().get("/grupper/").content.decode()
