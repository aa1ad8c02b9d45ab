"""Lays out the conversation compass: a centre question and concentric rings of words.

A pure function from words to coordinates, so the drawing can be tested without a browser
and rendered by a plain template (no script, no inline style).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class PlacedWord:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Ring:
    name: str
    inner_radius: float
    outer_radius: float
    words: tuple[PlacedWord, ...]


@dataclass(frozen=True)
class CompassLayout:
    size: float
    centre: float
    centre_radius: float
    rings: tuple[Ring, ...]


def wrap_text(text: str, width: int) -> list[str]:
    """Break text into lines of at most `width` characters, at spaces (long words stay whole)."""
    # textwrap breaks only at ASCII whitespace and keeps runs of it inside a line; splitting
    # first makes every kind of space one ordinary space, as the drawing expects.
    words = " ".join(text.split())
    return textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False)


def compass_layout(
    rings: list[tuple[str, list[str]]],
    *,
    size: float = 640,
    margin: float = 56,
    centre_share: float = 0.24,
) -> CompassLayout:
    """Place each ring's words evenly on the middle circle of its band.

    Every ring is rotated by half a step against the one inside it, so words in
    neighbouring rings do not line up on the same spoke.
    """
    centre = size / 2
    # The margin leaves room for words that stick out sideways from the outer ring.
    radius = centre - margin
    centre_radius = radius * centre_share
    band = (radius - centre_radius) / max(len(rings), 1)
    placed: list[Ring] = []
    for index, (name, words) in enumerate(rings):
        inner = centre_radius + index * band
        outer = inner + band
        middle = (inner + outer) / 2
        count = max(len(words), 1)
        offset = (index % 2) * math.pi / count - math.pi / 2
        positions = tuple(
            PlacedWord(
                text=word,
                x=round(centre + middle * math.cos(offset + 2 * math.pi * n / count), 1),
                y=round(centre + middle * math.sin(offset + 2 * math.pi * n / count), 1),
            )
            for n, word in enumerate(words)
        )
        placed.append(
            Ring(
                name=name,
                inner_radius=round(inner, 1),
                outer_radius=round(outer, 1),
                words=positions,
            )
        )
    return CompassLayout(
        size=size, centre=centre, centre_radius=round(centre_radius, 1), rings=tuple(placed)
    )


def drawing_context(rings: list[tuple[str, list[str]]], question: str) -> dict[str, object]:
    """Everything the compass template needs to draw these rings around the question."""
    lines = wrap_text(question, 12)
    return {
        "layout": compass_layout(rings),
        "question": question,
        "question_lines": lines,
        # Lift the first line so that the whole question sits centred (lines are 1.2em apart).
        "question_lift": f"{-(len(lines) - 1) * 0.6:.1f}em",
    }
