"""`lib/languages.py`: the same page at its address in another language."""

from __future__ import annotations

import pytest

from selvhjelp.lib.languages import address_in, addresses, language_of


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "nb"), ("/grupper/", "nb"), ("/nn/grupper/", "nn"), ("/en/", "en"), ("/sv/", "nb")],
)
def test_the_prefix_says_the_language_and_no_prefix_is_bokmaal(path: str, language: str) -> None:
    assert language_of(path) == language


def test_a_page_has_an_address_in_every_language() -> None:
    assert addresses("/nn/grupper/abc/") == {
        "nb": "/grupper/abc/",
        "nn": "/nn/grupper/abc/",
        "en": "/en/grupper/abc/",
    }


def test_an_address_that_is_no_page_has_no_other_languages() -> None:
    assert addresses("/finnes-ikke/") is None
    assert addresses("/en/finnes-ikke/") is None


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/prinsipper/", "en", "/en/prinsipper/"),
        ("/en/grupper/?tema=sorg&side=2", "nb", "/grupper/?tema=sorg&side=2"),
        ("http://127.0.0.1:8000/profil/", "nn", "http://127.0.0.1:8000/nn/profil/"),
        ("/finnes-ikke/", "en", "/finnes-ikke/"),
        ("https://evil.example/", "en", "https://evil.example/"),
    ],
)
def test_address_in_leads_to_the_same_page_or_leaves_the_address_alone(
    url: str, language: str, expected: str
) -> None:
    assert address_in(url, language) == expected
