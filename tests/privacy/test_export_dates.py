"""The export writes its dates in the reader's language."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import translation

from selvhjelp.lib.recurrence import OSLO
from selvhjelp.privacy.selectors import shown


@pytest.mark.parametrize(
    ("language", "moment", "day"),
    [
        ("nb", "4. desember 2026, 18:05", "4. desember 2026"),
        ("nn", "4. desember 2026, 18:05", "4. desember 2026"),
        ("en", "4 December 2026, 18:05", "4 December 2026"),
    ],
)
def test_dates_and_moments_in_the_readers_language(language: str, moment: str, day: str) -> None:
    with translation.override(language):
        assert shown(datetime(2026, 12, 4, 18, 5, tzinfo=OSLO)) == moment
        assert shown(date(2026, 12, 4)) == day
