"""Small numbers hidden, and kept hidden: the rule every statistics table follows.

A count of people or groups from 1 to 2 names too few to be shown: it is written "fewer than 3"
(primary suppression). A table also shows its total, and a total minus the visible cells gives
the sum of the hidden ones; with a single hidden cell that sum *is* the cell. So more cells are
hidden (secondary suppression, shown as "hidden"), smallest first, until no hidden small cell can
be worked out from what is shown, knowing this rule:

- a cell shown "fewer than 3" holds 1 or 2;
- a cell shown "hidden" holds 3 or more;
- zero is shown as zero (nobody is named by it), so a hidden cell is never zero.

If no choice of cells is enough, the total is hidden too, and then nothing can be recomputed.
A total from 1 to 2 is itself a small number. Everything here is pure, for tests with small
numbers and hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

THRESHOLD = 3


class Shown(Enum):
    VALUE = "value"
    FEWER = "fewer"  # 1 or 2, hidden because it is small
    HIDDEN = "hidden"  # 3 or more, hidden so that a small cell cannot be worked out


@dataclass(frozen=True)
class Cell:
    value: int
    shown: Shown = Shown.VALUE

    @property
    def visible(self) -> int | None:
        return self.value if self.shown is Shown.VALUE else None


@dataclass(frozen=True)
class Protected:
    cells: tuple[Cell, ...]
    total: Cell


def _range(cell: Cell) -> tuple[int, float]:
    """What a reader who knows the rule can tell about a hidden cell."""
    if cell.shown is Shown.FEWER:
        return (1, 2)
    return (THRESHOLD, float("inf"))


def recomputable(cells: tuple[Cell, ...], total: Cell) -> list[int]:
    """Indexes of small hidden cells whose exact value follows from the shown figures."""
    hidden = [i for i, cell in enumerate(cells) if cell.shown is not Shown.VALUE]
    if total.shown is not Shown.VALUE:
        # Without the total, a reader knows each small cell is 1 or 2, never which.
        return []
    rest = total.value - sum(cell.value for cell in cells if cell.shown is Shown.VALUE)
    pinned = []
    for i in hidden:
        if cells[i].shown is not Shown.FEWER:
            continue
        others = [_range(cells[j]) for j in hidden if j != i]
        low = sum(r[0] for r in others)
        high = sum(r[1] for r in others)
        possible = [v for v in (1, 2) if low <= rest - v <= high]
        if len(possible) < 2:
            pinned.append(i)
    return pinned


def protect(values: list[int] | tuple[int, ...]) -> Protected:
    """Hide the small cells of a table whose total (the sum of its cells) is shown beside it,
    and what would give them away."""
    total_value = sum(values)
    cells = [protect_count(v) for v in values]
    if 0 < total_value < THRESHOLD:
        return Protected(
            tuple(Cell(c.value, Shown.FEWER) if c.value else c for c in cells),
            Cell(total_value, Shown.FEWER),
        )
    total_cell = Cell(total_value)
    while recomputable(tuple(cells), total_cell):
        candidates = sorted(
            (c.value, i) for i, c in enumerate(cells) if c.shown is Shown.VALUE and c.value > 0
        )
        if not candidates:
            total_cell = Cell(total_value, Shown.HIDDEN)
            break
        _, i = candidates[0]
        cells[i] = Cell(cells[i].value, Shown.HIDDEN)
    return Protected(tuple(cells), total_cell)


def protect_count(value: int) -> Cell:
    """A single count shown on its own (no table around it)."""
    return Cell(value, Shown.FEWER if 0 < value < THRESHOLD else Shown.VALUE)
