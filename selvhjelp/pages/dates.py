"""Dates as each language writes them: "torsdag 4. desember kl. 18:00" in Norwegian,
"Thursday 4 December at 18:00" in English. The patterns are Django date formats, translated
like any other text, always in Oslo time."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

DAY = pgettext_lazy("date format: weekday, day and month", "l j F")
DAY_TIME = pgettext_lazy("date format: weekday, day, month and time", "l j F \\a\\t H:i")
DATE = pgettext_lazy("date format: day, month and year", "j F Y")


def written(value: date | datetime | None, pattern: str | Promise) -> str:
    """The moment (in Oslo time) or the day, written with one of the patterns above."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, str(pattern))
