from __future__ import annotations

import math
import re
from itertools import pairwise
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.lib.compass import box_fits, compass_layout, text_width, wrap_text
from selvhjelp.pages.content import COMPASS_QUESTION, COMPASS_RINGS, PRINCIPLES

pytestmark = pytest.mark.django_db


def test_the_principles_page_shows_all_six_in_order(client) -> None:
    html = client.get("/prinsipper/").content.decode()
    positions = [html.index(str(p.title)) for p in PRINCIPLES]
    assert len(PRINCIPLES) == 6
    assert positions == sorted(positions)
    assert "Lytt uten å gi råd" in html


def test_the_compass_is_drawn_from_data_with_a_text_alternative(client) -> None:
    html = client.get("/samtalekompasset/").content.decode()
    assert 'role="img"' in html
    assert 'aria-labelledby="compass-title compass-desc"' in html
    words = [str(word) for _, _, ring in COMPASS_RINGS for word in ring]
    drawn = [
        " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text))
        for text in re.findall(r'<text class="compass__word.*?</text>', html)
    ]
    assert sorted(drawn) == sorted(words)
    for word in words:
        assert html.count(f"<li>{word}</li>") == 1, word
    assert "320,0" not in html  # numbers in the drawing are never localised


def test_every_word_sits_inside_its_own_ring() -> None:
    rings = [("a", ["x"] * 5), ("b", ["y"] * 7), ("c", ["z"] * 8)]
    layout = compass_layout(rings, size=640)
    for ring in layout.rings:
        for word in ring.words:
            distance = ((word.x - layout.centre) ** 2 + (word.y - layout.centre) ** 2) ** 0.5
            assert ring.inner_radius < distance < ring.outer_radius
    assert layout.rings[-1].outer_radius < layout.size / 2


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_word_of_the_compass_lies_wholly_inside_its_ring(language: str) -> None:
    with translation.override(language):
        rings = [(str(name), [str(word) for word in words]) for name, _, words in COMPASS_RINGS]
    layout = compass_layout(rings)
    inner = layout.centre_radius
    for ring in layout.rings:
        assert len(ring.words) == len(dict(rings)[ring.name])
        for word in ring.words:
            assert " ".join(word.lines) == word.text
            assert word.font_size >= 12, word
            corners = [math.hypot(x - layout.centre, y - layout.centre) for x, y in word.corners]
            assert max(corners) < ring.outer_radius, word
            # The nearest point of the box, not only its corners, stays off the inner line.
            assert box_fits(
                x=word.x - layout.centre,
                y=word.y - layout.centre,
                width=word.width,
                height=word.height,
                inner=inner,
                outer=ring.outer_radius,
            ), word
        inner = ring.outer_radius


def test_a_word_too_long_for_its_spoke_is_made_smaller_and_broken_into_lines() -> None:
    layout = compass_layout([("a", ["sammenligne"] * 4), ("b", ["kort"]), ("c", ["kort"])])
    sides = [word for word in layout.rings[0].words if abs(word.y - layout.centre) < 1]
    assert len(sides) == 2
    for word in sides:
        assert word.font_size < 15
    assert text_width("mmm", 10) > text_width("iii", 10)


def test_long_questions_wrap_at_spaces() -> None:
    assert wrap_text("Hvordan har jeg det akkurat nå?", 12) == [
        "Hvordan har",
        "jeg det",
        "akkurat nå?",
    ]


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("nb", ["Hvordan har", "jeg det", "akkurat nå?"]),
        ("nn", ["Korleis har", "eg det", "akkurat no?"]),
        ("en", ["How am I", "right now?"]),
    ],
)
def test_the_compass_question_wraps_the_same_in_every_language(
    language: str, lines: list[str]
) -> None:
    with translation.override(language):
        assert wrap_text(str(COMPASS_QUESTION), 12) == lines


def test_wrapping_keeps_long_and_hyphenated_words_whole_and_ignores_extra_spaces() -> None:
    assert wrap_text("Selvhjelpsgruppe-møte  i\u00a0kveld\n", 12) == [
        "Selvhjelpsgruppe-møte",
        "i kveld",
    ]
    assert wrap_text("tolv tegn er  akkurat nok", 12) == ["tolv tegn er", "akkurat nok"]
    assert wrap_text(" ", 12) == []


words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1
)
spaces = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0"])


@given(st.lists(st.tuples(words, spaces)), st.integers(min_value=1, max_value=30))
def test_wrapping_fills_each_line_greedily_at_spaces(
    pieces: list[tuple[str, str]], width: int
) -> None:
    text = "".join(word + space for word, space in pieces)
    lines = wrap_text(text, width)
    assert [word for line in lines for word in line.split(" ")] == text.split()
    for line in lines:
        assert len(line) <= width or " " not in line
    for line, following in pairwise(lines):
        assert len(line) + 1 + len(following.split(" ")[0]) > width


def test_the_sign_up_link_on_the_login_page_keeps_where_the_person_was_going(client) -> None:
    html = client.get("/konto/login/?next=/grupper/abc/").content.decode()
    links = re.findall(r'href="(/konto/signup/[^"]*)"', html)
    assert links
    kept = ("/konto/signup/?next=/grupper/abc/", "/konto/signup/?next=%2Fgrupper%2Fabc%2F")
    assert all(link in kept for link in links), links
    assert 'href="/konto/signup/"' in client.get("/").content.decode()


PROSE = Path(__file__).resolve().parents[2] / "selvhjelp" / "templates" / "pages" / "prose"


@pytest.mark.parametrize("page", ["privacy", "accessibility"])
def test_each_prose_page_says_as_much_in_nynorsk_and_english_as_in_bokmaal(page: str) -> None:
    """A shorter translation leaves its readers knowing less about their data and rights."""

    def shape(language: str) -> list[str]:
        html = (PROSE / f"{page}.{language}.html").read_text()
        return re.findall(r"<(h1|h2|p|li|strong)\b", html)

    assert shape("nn") == shape("nb")
    assert shape("en") == shape("nb")


def test_the_accessibility_statement_no_longer_calls_nynorsk_unfinished(client) -> None:
    html = client.get("/nn/tilgjengelighet/").content.decode()
    assert "Kjende manglar" in html
    assert "ikkje fullstendig omsett" not in html
