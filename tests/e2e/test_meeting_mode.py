"""Meeting mode in the room: a whole round by keyboard alone, with a fake clock and no network;
the fair split tested for any count and length; reflection pages with axe."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selvhjelp.groups.models import Group
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import series_set

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(running_group):
    """Today's meeting of the running group, handed over seven weeks ago."""
    series_set(
        group=running_group,
        start_date=timezone.localdate(),
        start_time=time(23, 59),
        weekdays=list(range(7)),
        interval=1,
        length_minutes=120,
        place_kind="video",
        premises=None,
        place_details="",
        by_decision=True,
    )
    Group.objects.filter(pk=running_group.pk).update(
        handed_over_at=timezone.now() - timedelta(weeks=7)
    )
    return Meeting.objects.earliest("starts_at")


def _meeting_mode_on_a_fake_clock(visitor, meeting, member):
    """The member's meeting mode for the meeting, with the page's clock in the test's hands."""
    page = visitor.page
    page.clock.install()
    visitor.login(member)
    visitor.goto(f"/grupper/{meeting.series.group.code}/inne/moter/{meeting.code}/motemodus/")
    return page


def test_a_round_by_keyboard_alone_with_a_fake_clock_and_the_network_cut(
    visitor, meeting, member
) -> None:
    page = _meeting_mode_on_a_fake_clock(visitor, meeting, member)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.context.set_offline(True)

    minutes = page.get_by_label("Lengde på runden (minutter)")
    minutes.focus()
    minutes.fill("3")
    page.keyboard.press("Tab")
    page.keyboard.type("")  # "Personer til stede" keeps 3: three members, none gave notice
    assert page.get_by_label("Personer til stede").input_value() == "3"
    page.keyboard.press("Tab")  # sound (off by default)
    assert not page.get_by_label("En myk lyd når en tur er slutt").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Start
    status = page.locator("[data-round-status]")
    display = page.locator("[data-round-display]")
    assert status.inner_text() == "Person 1 av 3"
    page.clock.run_for(30_000)
    assert display.inner_text() == "0:30"
    page.clock.run_for(31_000)
    assert status.inner_text() == "Person 2 av 3"
    page.keyboard.press("Enter")  # Pause
    page.clock.run_for(20_000)
    assert display.inner_text() == "0:59"  # paused: the 20 seconds did not count
    page.keyboard.press("Enter")  # Start again
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Next person
    assert status.inner_text() == "Person 3 av 3"
    page.clock.run_for(61_000)
    assert status.inner_text() == "Runden er over"
    assert requests == []
    page.context.set_offline(False)
    visitor.check()


def test_the_timer_keeps_to_its_limits_and_starts_a_new_round_after_one_is_over(
    visitor, meeting, member
) -> None:
    page = _meeting_mode_on_a_fake_clock(visitor, meeting, member)
    minutes = page.get_by_label("Lengde på runden (minutter)")
    people = page.get_by_label("Personer til stede")
    start = page.get_by_role("button", name="Start", exact=True)
    status = page.locator("[data-round-status]")
    display = page.locator("[data-round-display]")
    # A length of 0 (or nothing, or less) would end the round at once: it becomes 1 minute.
    minutes.fill("0")
    people.fill("50")
    start.click()
    assert (minutes.input_value(), people.input_value()) == ("1", "12")
    assert status.inner_text() == "Person 1 av 12"
    # While the round goes on, its length and its people cannot change under it.
    assert minutes.is_disabled()
    assert people.is_disabled()
    page.clock.run_for(61_000)
    assert status.inner_text() == "Runden er over"
    assert minutes.is_enabled()
    minutes.fill("500")
    minutes.press("Tab")
    assert minutes.input_value() == "120"
    assert display.inner_text() == "120:00"
    people.fill("2")
    page.get_by_role("button", name="Start", exact=True).click()
    assert status.inner_text() == "Person 1 av 2"
    assert display.get_attribute("role") == "timer"
    visitor.check()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    total=st.integers(min_value=0, max_value=4 * 3600),
    people=st.integers(min_value=1, max_value=12),
)
def test_the_split_is_fair_for_any_length_and_count(split_page, total: int, people: int) -> None:
    shares = split_page.evaluate("([t, p]) => window.splitTime(t, p)", [total, people])
    assert len(shares) == people
    assert sum(shares) == total
    assert max(shares) - min(shares) <= 1


@pytest.fixture
def split_page(visitor, meeting, member):
    visitor.login(member)
    visitor.goto(f"/grupper/{meeting.series.group.code}/inne/moter/{meeting.code}/motemodus/")
    visitor.page.evaluate(
        "import('/static/js/meeting-mode.js').then(m => { window.splitTime = m.splitTime })"
    )
    visitor.page.wait_for_function("typeof window.splitTime === 'function'")
    return visitor.page


def test_reflection_evaluation_compass_and_poster_pages(
    visitor, meeting, member, coordinator
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    page = visitor.page
    code = meeting.series.group.code
    visitor.login(member)
    visitor.goto(f"/grupper/{code}/inne/moter/{meeting.code}/refleksjon/")
    page.get_by_label("lytte").check()
    page.get_by_role("button", name="Send uten navnet mitt").click()
    visitor.check()
    assert page.get_by_text("Du har svart for dette møtet.").is_visible()
    visitor.goto(f"/grupper/{code}/inne/refleksjon/")
    visitor.goto(f"/grupper/{code}/inne/evaluering/")
    visitor.goto("/samtalekompasset/plakat/?format=a3")
    page.context.clear_cookies()
    visitor.login(coordinator)
    visitor.goto(f"/kontaktpunkt/{meeting.series.group.contact_point.slug}/samtalekompass/")


# Meeting mode's heading and its timer's, as each language reads them.
HEADINGS = {
    "nb": ("Møtemodus", "Rettferdig rundetimer"),
    "nn": ("Møtemodus", "Rettferdig rundetidtakar"),
    "en": ("Meeting mode", "Fair round timer"),
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_meeting_mode_opens_offline_once_it_was_opened_online(
    visitor, meeting, member, language
) -> None:
    page = visitor.page
    visitor.login(member)
    group = meeting.series.group
    prefix = "" if language == "nb" else f"/{language}"
    path = f"{prefix}/grupper/{group.code}/inne/moter/{meeting.code}/motemodus/"
    visitor.goto(path)
    page.wait_for_selector("[data-offline-ready]", state="attached")
    page.context.set_offline(True)
    page.reload()
    # The worker tries the network first; the browser reports that try failing, as it should.
    visitor.problems[:] = [p for p in visitor.problems if "net::ERR_" not in p]
    visitor.check()
    heading, timer = HEADINGS[language]
    assert page.evaluate("document.documentElement.lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_role("heading", name=timer).is_visible()  # its script ran
    assert page.locator(".compass__word").count() == 20
    # The worker answers for meeting mode only: the group's other pages need the network.
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"{visitor.base_url}{prefix}/grupper/{group.code}/inne/")
    visitor.problems.clear()
    page.context.set_offline(False)


def test_the_offline_worker_is_a_script_from_our_own_origin(client) -> None:
    response = client.get("/grupper/motemodus-sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert b"caches.open" in response.content
    assert "worker-src 'self'" in response["Content-Security-Policy"]
