"""Lays out the conversation compass: a centre question and concentric rings of words.

A pure function from words to coordinates, so the drawing can be tested without a browser
and rendered by a plain template (no script, no inline style).

Every word must stay inside its own ring, in every language and at any screen width (the
drawing scales as a whole). A word is a box of text: its width is estimated generously from
its letters (`text_width`), and the layout tries, for each word, the biggest type, the fewest
lines and the distance from the centre nearest the middle of the band that keep the whole box
between the ring's two circles.
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
    lines: tuple[str, ...] = ()
    font_size: float = 15
    width: float = 0
    height: float = 0

    @property
    def lift(self) -> str:
        """How far the first line is raised so that the lines sit centred on the point."""
        return f"{-(len(self.lines) - 1) * LINE_HEIGHT / 2:.1f}em"

    @property
    def corners(self) -> tuple[tuple[float, float], ...]:
        left, top = self.x - self.width / 2, self.y - self.height / 2
        right, bottom = left + self.width, top + self.height
        return ((left, top), (right, top), (left, bottom), (right, bottom))


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


FONT_SIZES = (15, 14, 13, 12, 11, 10)  # in the drawing's own units (it is 640 wide)
LINE_HEIGHT = 1.2  # em
CLEARANCE = 4  # between a word and a ring line
# A line of text is drawn a little taller than its line height, and sits a little above the
# point given (SVG's middle baseline is the middle of small letters, not of the whole line).
EXTRA_HEIGHT = 0.5  # em
# Widths of letters in em, on the wide side of common sans-serif faces (DejaVu Sans, Arial,
# Roboto), so that an estimate never comes out narrower than the drawn word.
NARROW = set("fijlrtI.,:;'!|-() ")
WIDE = set("mwMWæÆøœ@%")


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of how wide the text is drawn at this size."""
    ems = 0.0
    for char in text:
        if char in NARROW:
            ems += 0.42
        elif char in WIDE:
            ems += 1.0
        elif char.isupper():
            ems += 0.76
        else:
            ems += 0.66
    return ems * font_size


def box_fits(
    *, x: float, y: float, width: float, height: float, inner: float, outer: float
) -> bool:
    """Whether a box centred at (x, y) from the centre lies wholly between the two circles."""
    far = math.hypot(abs(x) + width / 2, abs(y) + height / 2)
    near = math.hypot(max(abs(x) - width / 2, 0), max(abs(y) - height / 2, 0))
    return far <= outer - CLEARANCE and near >= inner + CLEARANCE


def _wrappings(word: str) -> list[list[str]]:
    """The ways to break the word into lines at spaces, fewest lines first."""
    seen: list[list[str]] = []
    for width in range(len(word), 0, -1):
        lines = wrap_text(word, width)
        if lines and lines not in seen:
            seen.append(lines)
    return seen or [[word]]


def place_word(word: str, *, angle: float, inner: float, outer: float, centre: float) -> PlacedWord:
    """The word on its spoke, as big, on as few lines and as near the band's middle as fits."""
    middle = (inner + outer) / 2
    steps = 24
    distances = sorted(
        (inner + (outer - inner) * n / steps for n in range(steps + 1)),
        key=lambda distance: abs(distance - middle),
    )
    candidates = [(size, lines) for size in FONT_SIZES for lines in _wrappings(word)]
    for size, lines in candidates:
        width = max(text_width(line, size) for line in lines)
        height = (len(lines) * LINE_HEIGHT + EXTRA_HEIGHT) * size
        for distance in distances:
            x, y = distance * math.cos(angle), distance * math.sin(angle)
            if box_fits(x=x, y=y, width=width, height=height, inner=inner, outer=outer):
                return _placed(word, centre, x, y, lines, size, width, height)
    size, lines = candidates[-1]
    width = max(text_width(line, size) for line in lines)
    x, y = middle * math.cos(angle), middle * math.sin(angle)
    height = (len(lines) * LINE_HEIGHT + EXTRA_HEIGHT) * size
    return _placed(word, centre, x, y, lines, size, width, height)


def _placed(
    word: str,
    centre: float,
    x: float,
    y: float,
    lines: list[str],
    size: float,
    width: float,
    height: float,
) -> PlacedWord:
    return PlacedWord(
        text=word,
        x=round(centre + x, 1),
        y=round(centre + y, 1),
        lines=tuple(lines),
        font_size=size,
        width=round(width, 1),
        height=round(height, 1),
    )


def _to_slots(words: list[str], angles: list[float]) -> list[tuple[str, float]]:
    """The longest words go where the band runs across (above and below the centre), where a
    wide word fits; the short ones to the sides, where the band runs up and down."""
    roomy = sorted(angles, key=lambda angle: (-round(abs(math.sin(angle)), 3), angle))
    longest = sorted(
        range(len(words)),
        key=lambda n: (-max(map(len, words[n].split() or [""])), -len(words[n])),
    )
    pairs = [(words[n], angle) for n, angle in zip(longest, roomy, strict=False)]
    return sorted(pairs, key=lambda pair: pair[1])


def compass_layout(
    rings: list[tuple[str, list[str]]],
    *,
    size: float = 640,
    margin: float = 6,
    centre_share: float = 0.24,
) -> CompassLayout:
    """Place each ring's words evenly around its band, each wholly inside it (`place_word`).

    Every ring is rotated by half a step against the one inside it, so words in
    neighbouring rings do not line up on the same spoke.
    """
    centre = size / 2
    # Words stay inside their rings, so the margin is only for the outer ring's line.
    radius = centre - margin
    centre_radius = radius * centre_share
    band = (radius - centre_radius) / max(len(rings), 1)
    placed: list[Ring] = []
    for index, (name, words) in enumerate(rings):
        inner = centre_radius + index * band
        outer = inner + band
        count = max(len(words), 1)
        offset = (index % 2) * math.pi / count - math.pi / 2
        angles = [offset + 2 * math.pi * n / count for n in range(count)]
        positions = tuple(
            place_word(word, angle=angle, inner=inner, outer=outer, centre=centre)
            for word, angle in _to_slots(words, angles)
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
