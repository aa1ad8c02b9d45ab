"""Dates as each language writes them: "torsdag 4. desember kl. 18:00" in Norwegian,
"Thursday 4 December at 18:00" in English. The patterns are Django date formats, translated
like any other text, always in Oslo time.

Each text is written once per process for each day or moment, pattern and language: Django's
date formatting looks up every name and number anew (some 50–90 µs), and a page of meetings
writes sixteen.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

DAY = pgettext_lazy("date format: weekday, day and month", "l j F")
DAY_TIME = pgettext_lazy("date format: weekday, day, month and time", "l j F \\a\\t H:i")
DATE = pgettext_lazy("date format: day, month and year", "j F Y")


def written(value: date | datetime | None, pattern: str | Promise) -> str:
    """The moment (in Oslo time) or the day, written with one of the patterns above."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        # The wall clock in Oslo is the whole of what the patterns show (none names a zone).
        value = timezone.localtime(value).replace(tzinfo=None)
    return _written(value, str(pattern), get_language())


@lru_cache(maxsize=4096)
def _written(value: date, pattern: str, language: str | None) -> str:
    return formats.date_format(value, pattern)


def clock(value: datetime | None) -> str:
    """The time of day in Oslo, "18:00", as the pattern "H:i" writes it."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M")
