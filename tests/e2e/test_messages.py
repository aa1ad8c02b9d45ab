"""A person chooses which emails to get, and turns one kind off from the link in an email."""

from __future__ import annotations

import pytest

from selvhjelp.notifications.models import OptOut
from selvhjelp.notifications.services import unsubscribe_url
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choosing_messages_on_the_preferences_page(visitor, participant) -> None:
    page = visitor.page
    visitor.goto("/konto/login/")
    page.get_by_label("E-post").fill(participant.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.wait_for_url("**/profil/")
    page.get_by_role("link", name="Velg hvilke e-poster du får").click()
    visitor.check()
    meetings = page.get_by_label("Påminnelser om møter")
    assert meetings.is_checked()
    meetings.uncheck()
    page.get_by_role("button", name="Lagre").click()
    visitor.check()
    assert page.get_by_text("Valgene dine om meldinger er lagret.").is_visible()
    assert not page.get_by_label("Påminnelser om møter").is_checked()
    assert list(OptOut.objects.values_list("kind", flat=True)) == ["meeting_reminder"]


def test_turning_off_a_kind_from_an_email_link_without_logging_in(visitor, participant) -> None:
    link = unsubscribe_url(participant, "group_news")
    visitor.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    page = visitor.page
    assert page.get_by_role("heading", level=1).inner_text() == "Slå av disse meldingene?"
    page.get_by_role("button", name="Slå av").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Ferdig"
    assert OptOut.objects.filter(user=participant, kind="group_news").exists()
