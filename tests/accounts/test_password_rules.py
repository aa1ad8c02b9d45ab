"""The password rules speak the page's language. Django 5.2 reworded "too short", and its own
bokmål and nynorsk catalogs still carry the old wording, so our catalog of Django's texts
(selvhjelp/locale_django) gives them."""

from __future__ import annotations

from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

TOO_SHORT = {
    "": "Dette passordet er for kort. Det må ha minst 12 tegn.",
    "/nn": "Dette passordet er for kort. Det må ha minst 12 teikn.",
    "/en": "This password is too short. It must contain at least 12 characters.",
}


@pytest.mark.parametrize("prefix", TOO_SHORT)
def test_a_short_password_is_told_in_the_pages_language(prefix: str) -> None:
    response = Client().post(
        f"{prefix}/konto/signup/",
        {
            "email": "ny@example.org",
            "password1": "kort",
            "display_name": "Ny",
            "language": "nb",
            "adult": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [TOO_SHORT[prefix]]


def test_every_text_in_our_catalog_of_djangos_is_still_djangos_own() -> None:
    sources = "".join(
        path.read_text(encoding="utf-8") for path in Path(django.__file__).parent.rglob("*.py")
    )
    folder = Path(settings.PACKAGE_DIR) / "locale_django"
    entries = [entry for po in folder.glob("*/LC_MESSAGES/django.po") for entry in polib.pofile(po)]
    assert entries
    for entry in entries:
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            assert f'"{text}"' in sources, f"Django no longer has {text!r}: update our catalog"
