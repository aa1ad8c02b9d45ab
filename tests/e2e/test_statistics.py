"""A coordinator reads the statistics, chooses last year, and prints; an administrator reads the
whole installation's. axe on every page, in three languages and at 320 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import with_mfa

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(contact_point, make_record) -> None:
    today = timezone.localdate()
    last_year = today.year - 1
    for month, slug, fmt in (
        (2, "sorg", "physical"),
        (3, "sorg", "video"),
        (4, "angst", "physical"),
        (5, "sorg", "physical"),
    ):
        make_record(
            contact_point,
            started=date(last_year, month, 1),
            themes=(slug,),
            format=fmt,
            handed_over_on=date(last_year, month, 28),
            members_at_start=6,
            meetings_held=20,
            ended_on=date(last_year, month, 1) + timedelta(days=200) if month == 2 else None,
        )


def test_a_coordinator_reads_last_years_statistics(
    visitor, coordinator, contact_point, history
) -> None:
    page = visitor.page
    visitor.login(with_mfa(coordinator))
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/statistikk/")
    assert page.get_by_role("heading", level=1).inner_text() == "Statistikk for LINK Oslo"
    page.get_by_label("Periode", exact=True).select_option(label="I fjor")
    page.get_by_role("button", name="Vis").click()
    visitor.check()
    lasting = page.locator('table[data-table="lasting"]')
    assert "75 %" in lasting.inner_text()
    assert page.get_by_role("img", name="Andel grupper som fortsatt møtes").count() == 1
    assert "færre enn 3" in page.locator('table[data-table="groups_formats"]').inner_text()

    # A period that makes no sense is explained, linked to its field.
    page.get_by_label("Periode", exact=True).select_option(label="Velg dagene selv")
    page.get_by_label("Første dag").fill("2025-05-01")
    page.get_by_label("Siste dag").fill("2025-04-01")
    page.get_by_role("button", name="Vis").click()
    visitor.check()
    assert page.get_by_text(
        "Siste dag må være samme dag som eller etter første dag."
    ).first.is_visible()

    # Printed, the form and the links stay off the paper.
    page.go_back()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Vis").is_visible()
    assert page.locator('table[data-table="lasting"]').is_visible()
    page.emulate_media(media="screen")

    # Narrow screens: no sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 800})
    visitor.check()
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 321)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_installations_statistics_pass_axe_in_nynorsk_and_english(
    visitor, admin_user, history, language
) -> None:
    admin_user.language = language
    admin_user.save()
    visitor.login(admin_user)
    visitor.goto(f"/{language}/statistikk/?periode=i-fjor")
    heading = visitor.page.get_by_role("heading", level=1).inner_text()
    assert (
        heading
        == {
            "nn": "Statistikk for heile installasjonen",
            "en": "Statistics for the whole installation",
        }[language]
    )
