"""The parts of the page that depend on its language alone are drawn once per language."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

KEPT = "{% load frame %}{% same_for_language %}[{{ n }}]{% endsame_for_language %}"


def test_it_is_drawn_once_for_each_language() -> None:
    kept = engines["django"].from_string(KEPT)
    with translation.override("nb"):
        assert kept.render({"n": 1}) == "[1]"
        assert kept.render({"n": 2}) == "[1]"  # kept: nothing from the page may go inside
    with translation.override("en"):
        assert kept.render({"n": 3}) == "[3]"
    with translation.override("nb"):
        assert kept.render({"n": 4}) == "[1]"


def test_a_changed_setting_draws_it_again(settings) -> None:
    kept = engines["django"].from_string(KEPT)
    with translation.override("nb"):
        assert kept.render({"n": 1}) == "[1]"
        settings.STATIC_URL = "/elsewhere/"
        assert kept.render({"n": 2}) == "[2]"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "footer", "menu"),
    [
        ("/prinsipper/", "Trenger du hjelp nå?", 'href="/grupper/"'),
        ("/en/prinsipper/", "Do you need help now?", 'href="/en/grupper/"'),
        ("/nn/prinsipper/", "Treng du hjelp no?", 'href="/nn/grupper/"'),
    ],
)
def test_each_language_has_its_own_footer_and_menu(path: str, footer: str, menu: str) -> None:
    page = Client().get(path).content.decode()
    assert footer in page
    assert menu in page
