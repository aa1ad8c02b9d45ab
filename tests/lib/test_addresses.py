"""Remembered addresses answer exactly what `reverse` answers, in every language, and the
templates' `{% url %}` is the remembering one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from selvhjelp.lib import addresses
from selvhjelp.lib.addresses import address
from selvhjelp.pages.templatetags.addresses import AddressNode


@pytest.fixture(autouse=True)
def _bokmal() -> Iterator[None]:
    with translation.override("nb"):
        yield


CASES = [
    ("home", (), None),
    ("directory:list", (), None),
    ("meetings:list", ("abcd2345",), None),
    ("meetings:detail", ("abcd2345", "m1x2"), None),
    ("meetings:detail", (), {"code": "abcd2345", "meeting_code": "m9"}),
    ("groups:link_page", (), {"key": "k" * 20, "page": "moter"}),
    ("decisions:detail", ("abcd2345", "p1"), None),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_an_address_is_reverses_answer(language, name, args, kwargs) -> None:
    with translation.override(language):
        expected = reverse(name, args=args, kwargs=kwargs)
        assert address(name, args, kwargs) == expected
        assert address(name, args, kwargs) == expected  # and again, remembered


def test_each_language_has_its_own_address() -> None:
    found = {}
    for language in ["nb", "nn", "en"]:
        with translation.override(language):
            found[language] = address("meetings:list", ["abcd2345"])
    assert found["nb"] == "/grupper/abcd2345/inne/moter/"
    assert found["nn"].startswith("/nn/")
    assert found["en"].startswith("/en/")


def test_a_name_that_matches_nothing_fails_every_time() -> None:
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            address("meetings:nothing", ["abcd2345"])
        with pytest.raises(NoReverseMatch):
            address("meetings:list", ["not/a/code"])


def test_values_other_than_text_and_numbers_are_not_kept() -> None:
    addresses._known.clear()
    code = uuid.uuid4()
    assert address("meetings:list", [code]) == reverse("meetings:list", args=[code])
    assert addresses._known == {}
    address("meetings:list", [str(code)])
    assert len(addresses._known) == 1


def test_another_urlconf_is_asked_anew() -> None:
    before = address("home")
    with (
        override_settings(ROOT_URLCONF="tests.pages.page_cache_urls"),
        pytest.raises(NoReverseMatch),
    ):
        address("home")
    assert address("home") == before


def test_a_full_store_starts_over(monkeypatch) -> None:
    monkeypatch.setattr(addresses, "MANY", 3)
    addresses._known.clear()
    for n in range(7):
        assert address("meetings:list", [f"code{n}"]) == f"/grupper/code{n}/inne/moter/"
        assert len(addresses._known) <= 3


def _render(text: str, **context: object) -> str:
    return engines["django"].from_string(text).render(context)


def test_templates_url_is_the_remembering_one() -> None:
    template = engines["django"].from_string("{% url 'meetings:list' code %}")
    nodes = template.template.nodelist.get_nodes_by_type(AddressNode)  # type: ignore[attr-defined]
    assert len(nodes) == 1


def test_the_url_tag_answers_as_djangos() -> None:
    assert _render("{% url 'meetings:list' code %}", code="abcd2345") == (
        "/grupper/abcd2345/inne/moter/"
    )
    assert _render("{% url 'meetings:detail' code=c meeting_code=m %}", c="a", m="b") == (
        "/grupper/a/inne/moter/b/"
    )
    assert _render("{% url 'meetings:list' code as there %}[{{ there }}]", code="x") == (
        "[/grupper/x/inne/moter/]"
    )
    # An address that matches nothing is empty with `as`, an error without.
    assert _render("{% url 'meetings:nothing' as there %}[{{ there }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'meetings:nothing' %}")
    with translation.override("nn"):
        assert _render("{% url 'home' %}") == reverse("home") == "/nn/"


def test_the_url_tag_escapes_as_djangos() -> None:
    assert reverse("meetings:list", args=["a&b"]) == "/grupper/a&b/inne/moter/"
    assert _render("{% url 'meetings:list' code %}", code="a&b") == "/grupper/a&amp;b/inne/moter/"
    text = "{% autoescape off %}{% url 'meetings:list' code %}{% endautoescape %}"
    assert _render(text, code="a&b") == "/grupper/a&b/inne/moter/"
