"""Each figure of the statistics against a small set counted by hand, and the small numbers
hidden as the rule says."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from selvhjelp.interest.models import InterestTally
from selvhjelp.statistics.selectors import Period, Report, statistics_report
from tests.conftest import municipality, theme

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2026, 1, 31)


@pytest.fixture
def history(contact_point, other_contact_point, make_record) -> None:
    """Four groups started at LINK Oslo in 2025 (A ended in August, D is taking a break), one
    started in 2024 and ended in March 2025, and one group of another contact point."""
    make_record(  # A
        contact_point,
        started=date(2025, 2, 1),
        pool_reached_on=date(2025, 1, 10),
        handed_over_on=date(2025, 3, 1),
        ended_on=date(2025, 8, 1),
        members_at_start=6,
        follow_up_in_window=True,
        meetings_held=20,
        meetings_with_notice=5,
        reflections_answered=30,
        evaluations_answered=8,
    )
    make_record(  # B
        contact_point,
        started=date(2025, 3, 1),
        pool_reached_on=date(2025, 2, 1),
        handed_over_on=date(2025, 4, 12),
        members_at_start=5,
        members_at_handover=7,
        follow_up_in_window=True,
        meetings_held=15,
        meetings_with_notice=3,
    )
    make_record(  # C
        contact_point,
        started=date(2025, 4, 1),
        themes=("angst",),
        format="video",
        pool_reached_on=date(2025, 3, 20),
        handed_over_on=date(2025, 5, 1),
        members_at_start=5,
        meetings_held=10,
        meetings_with_notice=2,
    )
    make_record(  # D
        contact_point,
        started=date(2025, 5, 1),
        handed_over_on=date(2025, 6, 20),
        members_at_handover=8,
        paused_since=date(2025, 11, 1),
        state="paused",
        follow_up_in_window=False,
        meetings_held=12,
        meetings_with_notice=2,
    )
    make_record(contact_point, started=date(2024, 6, 1), ended_on=date(2025, 3, 1))  # E
    make_record(other_contact_point, started=date(2025, 2, 1), place="5501")
    oslo, sorg, angst = municipality("0301"), theme("sorg"), theme("angst")
    for month, people, with_sorg, with_angst in ((1, 4, 3, 1), (6, 3, 2, 1)):
        day = date(2025, month, 1)
        InterestTally.objects.create(
            contact_point=contact_point, municipality=oslo, month=day, people=people
        )
        InterestTally.objects.create(
            contact_point=contact_point,
            municipality=oslo,
            theme=sorg,
            month=day,
            people=with_sorg,
            pools_reached=1 if month == 1 else 0,
        )
        InterestTally.objects.create(
            contact_point=contact_point,
            municipality=oslo,
            theme=angst,
            month=day,
            people=with_angst,
        )
    # Outside the period, and at another contact point: not counted.
    InterestTally.objects.create(
        contact_point=contact_point, municipality=oslo, month=date(2024, 12, 1), people=9
    )
    InterestTally.objects.create(
        contact_point=other_contact_point,
        municipality=municipality("5501"),
        month=date(2025, 3, 1),
        people=9,
    )


def texts(report: Report, key: str) -> dict[str, str]:
    table = report.table(key)
    shown = {label: figure.text for label, figure in table.rows}
    if table.total is not None:
        shown["Total"] = table.total.text
    return shown


def english(contact_point) -> Report:
    with translation.override("en"):
        return statistics_report(period=YEAR_2025, contact_point=contact_point, today=TODAY)


@pytest.fixture
def report(history, contact_point) -> Report:
    return english(contact_point)


def test_interest_counts_people_per_municipality_and_theme_in_the_period(report) -> None:
    assert texts(report, "interest_places") == {"Oslo": "7", "Total": "7"}
    # 5 asked for grief and 2 for anxiety. Most name one theme, so 7 people less 5 would give
    # the 2 back: grief is hidden with it.
    assert texts(report, "interest_themes") == {
        "Grief and loss": "hidden",
        "Anxiety": "fewer than 3",
    }
    assert texts(report, "interest_pools") == {"Times a pool reached the threshold": "1"}


def test_groups_by_state_count_the_period_and_its_last_day(report) -> None:
    assert texts(report, "groups_states") == {
        "Started (first meeting held)": "4",
        "Ended": "fewer than 3",  # A and E
        "Meeting at the end of the period": "fewer than 3",  # B and C
        "Taking a break at the end of the period": "fewer than 3",  # D
    }


def test_a_single_small_format_takes_a_second_cell_and_then_the_total_with_it(report) -> None:
    # physical 3, video 1: hiding 3 as well would leave 4 = 1 + 3 known, so the total goes too.
    assert texts(report, "groups_formats") == {
        "Meets in person": "hidden",
        "Meets by video": "fewer than 3",
        "Meets by phone": "0",
        "Total": "hidden",
    }
    assert texts(report, "groups_places") == {"Oslo": "4", "Total": "4"}


def test_lasting_is_estimated_with_groups_still_meeting_censored(report) -> None:
    # A ended after 181 days; B, C and D are censored at 336, 305 and 275 days.
    assert texts(report, "lasting") == {
        "3 months": "100 %",
        "6 months": "75 %",
        "12 months": "fewer than 3 groups followed this long",
    }
    assert report.survival[-1][1] == pytest.approx(0.75)


def test_speed_is_the_median_in_days(report) -> None:
    assert texts(report, "speed") == {
        # 22, 28 and 12 days: the median is 22.
        "From a pool reaching the threshold to the first meeting": "22 days",
        # 28, 42, 30 and 50 days: the median is 36.
        "From the first meeting to the hand-over": "36 days",
    }


def test_reach_counts_meetings_and_answers_and_hides_small_size_classes(report) -> None:
    # Two groups of 5–6 and two of 7–8: both small, and the total would tell both are 2.
    assert texts(report, "reach_members") == {
        "4 or fewer": "0",
        "5–6": "fewer than 3",
        "7–8": "fewer than 3",
        "9 or more": "0",
        "Total": "hidden",
    }
    assert texts(report, "reach") == {
        "Meetings held": "57",
        "Share of meetings where someone gave notice of absence": "21 %",
        "Reflection answers": "30",
        "Self-evaluation answers": "8",
    }


def test_follow_up_visits_in_the_window_are_counted_among_groups_handed_over(report) -> None:
    assert texts(report, "follow_up") == {
        "Done after 3–5 meetings on their own": "fewer than 3",
        "Done at another time": "fewer than 3",
        "Not done (yet)": "fewer than 3",
        "Total": "4",
    }


def test_the_whole_installation_adds_the_other_contact_point(history) -> None:
    report = english(None)
    # 4 + 1: Oslo is hidden with Tromsø; 5 = 1 + 4 or 2 + 3, so the total may stay.
    assert texts(report, "groups_places") == {
        "Oslo": "hidden",
        "Tromsø": "fewer than 3",
        "Total": "5",
    }
    assert texts(report, "interest_places") == {"Oslo": "7", "Tromsø": "9", "Total": "16"}


def test_with_fewer_than_three_groups_nothing_about_them_is_shown(
    contact_point, make_record
) -> None:
    make_record(contact_point, started=date(2025, 2, 1), meetings_held=9)
    make_record(contact_point, started=date(2025, 3, 1), ended_on=date(2025, 4, 1))
    report = english(contact_point)
    assert report.survival == []
    assert set(texts(report, "reach").values()) == {"fewer than 3 groups"}
    assert set(texts(report, "lasting").values()) == {"fewer than 3 groups followed this long"}
    assert texts(report, "groups_states")["Started (first meeting held)"] == "fewer than 3"
