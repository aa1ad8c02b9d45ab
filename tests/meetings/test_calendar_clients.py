"""The calendar feed read by two independent clients gives the meetings in the database.

A member of two groups, over 24 months from March 2037: both changes to and from summer time in
2037 and 2038, 19 January 2038 (where 32-bit time ends) and on into 2039. One group has a
cancelled meeting (in the week summer time ends) and a moved one (in the week it starts); the
other group ends after a year. Both series were set up with a first date that is a Friday while
they meet on Mondays and on every other Tuesday. recurring-ical-events (Python) and ical.js (the
npm package, run by node) must each give exactly the starts of the meetings the database holds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
from django.test import Client
from icalendar import Calendar
from time_machine import TimeMachineFixture

from selvhjelp.decisions.kinds import KINDS
from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import (
    AHEAD,
    feed_for,
    meeting_cancel,
    meeting_move,
    series_generate_all,
)
from tests.conftest import admit, meet_weekly

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXPAND = Path(__file__).with_name("expand_ical.mjs")
START = datetime(2037, 2, 27, 12, tzinfo=OSLO)  # a Friday
END = datetime(2039, 2, 26, 12, tzinfo=OSLO)


def ical_js(body: bytes, *, after: datetime, before: datetime) -> list[datetime]:
    """The meeting starts ical.js finds in the file, as calendar apps built on it show them."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "ical.js").exists():
        if os.environ.get("SELVHJELP_REQUIRE_NODE"):
            pytest.fail("SELVHJELP_REQUIRE_NODE is set, but node or ical.js is missing (npm ci)")
        pytest.skip("node and the npm package ical.js are needed (npm ci)")
    run = subprocess.run(  # noqa: S603
        [node, str(EXPAND), str(int(after.timestamp())), str(int(before.timestamp()))],
        input=body,
        capture_output=True,
        check=True,
        cwd=ROOT,
        timeout=60,
    )
    return [datetime.fromtimestamp(seconds, tz=OSLO) for seconds in json.loads(run.stdout)]


def recurring(body: bytes, *, after: datetime, before: datetime) -> list[datetime]:
    events = recurring_ical_events.of(Calendar.from_ical(body)).between(after, before)
    return sorted(event["DTSTART"].dt.astimezone(OSLO) for event in events)


def local(starts: list[datetime]) -> list[str]:
    return [f"{start.astimezone(OSLO):%Y-%m-%d %H:%M %z}" for start in starts]


def _first_meeting_after(group: Group, moment: datetime) -> Meeting:
    return Meeting.objects.filter(series__group=group, original_start__gte=moment).earliest(
        "original_start"
    )


def test_two_clients_show_exactly_the_meetings_in_the_database_across_dst_and_2038(
    make_group, participant, contact_point, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    weekly = make_group("Mandagsgruppe", contact_point=contact_point)
    ending = make_group("Tirsdagsgruppe", contact_point=contact_point)
    for group in (weekly, ending):
        admit(group, participant, signed=False)
    meet_weekly(weekly, start_date=START.date())
    meet_weekly(ending, start_date=START.date(), weekday=1, start_time=time(19, 30), interval=2)
    cancelled = moved = False
    now = START
    while now < END:
        now += timedelta(days=7)
        time_machine.move_to(now, tick=False)
        series_generate_all()
        if not cancelled and now >= datetime(2037, 10, 1, tzinfo=OSLO):
            # The Monday after summer time ends.
            meeting = _first_meeting_after(weekly, datetime(2037, 10, 26, tzinfo=OSLO))
            meeting_cancel(meeting=meeting, by=participant, message="")
            cancelled = True
        if not moved and now >= datetime(2038, 3, 1, tzinfo=OSLO):
            # The Monday after summer time starts, to the Wednesday at 17:00.
            meeting = _first_meeting_after(weekly, datetime(2038, 3, 29, tzinfo=OSLO))
            meeting_move(
                meeting=meeting,
                starts_at=datetime(2038, 3, 31, 17, tzinfo=OSLO),
                premises=None,
                place_details="",
                message="",
            )
            moved = True
            KINDS["end"].apply(group=ending, payload={})
    window = (datetime(2037, 2, 1, tzinfo=OSLO), now + AHEAD)
    in_database = local(
        [
            meeting.starts_at
            for meeting in Meeting.objects.filter(
                series__group__in=[weekly, ending],
                cancelled=False,
                starts_at__gte=window[0],
                starts_at__lt=window[1],
            ).order_by("starts_at")
        ]
    )
    body = Client().get(f"/kalender/{feed_for(participant).token}.ics").content

    assert local(recurring(body, after=window[0], before=window[1])) == in_database
    assert local(ical_js(body, after=window[0], before=window[1])) == in_database
    # The data really spans what the test says it does.
    assert in_database[0] == "2037-03-02 18:00 +0100"  # a Monday, not the Friday
    assert "2037-03-10 19:30 +0100" in in_database  # the first Tuesday of every other week
    assert "2037-10-26 18:00 +0100" not in in_database  # cancelled
    assert "2038-03-31 17:00 +0200" in in_database  # moved
    assert "2038-03-29 18:00 +0200" not in in_database
    assert "2038-01-18 18:00 +0100" in in_database
    assert "2038-01-25 18:00 +0100" in in_database
    assert max(line for line in in_database if line.endswith("19:30 +0100")) < "2038-03"
    assert in_database[-1] > "2039-05"
    assert {line[11:] for line in in_database} == {
        "18:00 +0100",
        "18:00 +0200",
        "19:30 +0100",
        "19:30 +0200",
        "17:00 +0200",
    }
    assert len(in_database) > 120


def test_no_client_sees_a_meeting_on_a_first_date_the_rule_does_not_have(
    make_group, participant, contact_point, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    group = make_group(contact_point=contact_point)
    admit(group, participant, signed=False)
    # A Friday, for meetings on Mondays and Tuesdays.
    series = meet_weekly(group, start_date=START.date() + timedelta(days=7), also=(1,))
    assert series.start_date == date(2037, 3, 9)  # the Monday after
    body = Client().get(f"/kalender/{feed_for(participant).token}.ics").content
    after, before = START, START + timedelta(weeks=3)
    expected = [
        "2037-03-09 18:00 +0100",
        "2037-03-10 18:00 +0100",
        "2037-03-16 18:00 +0100",
        "2037-03-17 18:00 +0100",
    ]
    assert local(recurring(body, after=after, before=before)) == expected
    assert local(ical_js(body, after=after, before=before)) == expected
