from __future__ import annotations

import pytest

from selvhjelp.lib.compass import compass_layout, wrap_text
from selvhjelp.pages.content import COMPASS_RINGS, PRINCIPLES

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
