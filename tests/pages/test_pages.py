from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.lib.compass import compass_layout, wrap_text
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
    for word in words:
        assert html.count(f">{word}<") == 2, word  # once in the drawing, once in the list
    assert "320,0" not in html  # numbers in the drawing are never localised


def test_every_word_sits_inside_its_own_ring() -> None:
    rings = [("a", ["x"] * 5), ("b", ["y"] * 7), ("c", ["z"] * 8)]
    layout = compass_layout(rings, size=640)
    for ring in layout.rings:
        for word in ring.words:
            distance = ((word.x - layout.centre) ** 2 + (word.y - layout.centre) ** 2) ** 0.5
            assert ring.inner_radius < distance < ring.outer_radius
    assert layout.rings[-1].outer_radius < layout.size / 2


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
    client.post("/profil/sprak/", {"language": "nn", "next": "/"})
    html = client.get("/tilgjengelighet/").content.decode()
    assert "Kjende manglar" in html
    assert "ikkje fullstendig omsett" not in html
