"""Dates and times are written as Django's formatting writes them, remembered or not: in Oslo
time, across the changes to and from summer time, in each language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.template import engines
from django.test import override_settings
from django.utils import formats, timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.pages.dates import DATE, DAY, DAY_TIME, clock, written

moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


def _djangos(value: date | datetime, pattern: object) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, str(pattern))


@given(moment=moments, language=st.sampled_from(["nb", "nn", "en"]))
def test_a_moment_is_written_as_django_writes_it(moment, language) -> None:
    with translation.override(language):
        for pattern in (DAY, DAY_TIME, DATE):
            assert written(moment, pattern) == _djangos(moment, pattern)
        for pattern in (DAY, DATE):
            assert written(moment.date(), pattern) == _djangos(moment.date(), pattern)


@given(moment=moments)
def test_the_clock_is_the_time_filters_hours_and_minutes(moment) -> None:
    template = engines["django"].from_string('{{ m|time:"H:i" }}')
    assert clock(moment) == template.render({"m": moment})


def test_summer_time_moves_the_clock() -> None:
    winter = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 in Oslo
    summer = winter + timedelta(hours=1)  # 03:30 in Oslo: 02:00 became 03:00
    assert (clock(winter), clock(summer)) == ("01:30", "03:30")


def test_the_same_moment_in_each_language_and_zone() -> None:
    moment = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    found = {}
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            found[language] = written(moment, DAY_TIME)
    assert found["nb"] != found["en"]
    monday = date(2026, 11, 30)
    with translation.override("nb"):
        assert written(monday, DAY).lower().startswith("mandag")
    with translation.override("nn"):
        assert written(monday, DAY).lower().startswith("måndag")
    assert "18:00" in found["nb"]
    assert "18:00" in found["en"]
    with override_settings(TIME_ZONE="UTC"), translation.override("en"):
        assert "17:00" in written(moment, DAY_TIME)
        assert clock(moment) == "17:00"
    assert clock(None) == written(None, DAY) == ""
