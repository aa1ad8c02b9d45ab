"""Geometry for the small charts drawn on the server as SVG.

The page's CSP allows no inline style, so a chart is plain SVG elements placed by the numbers
computed here and coloured by classes in site.css. Every chart stands beside a table with the
same figures; a bar whose figure is hidden (a small number) is drawn with no length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 190
BAR_HEIGHT = 20
GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the figure as the table shows it
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    text_x: float


def bar_chart(
    items: Sequence[tuple[str, float | None, str]],
    *,
    width: int = 640,
    label_width: int = LABEL_WIDTH,
) -> BarChart:
    """Horizontal bars for (label, value or None when hidden, text shown after the bar)."""
    room = width - label_width - 110
    largest = max((value for _, value, _ in items if value), default=0)
    bars = tuple(
        Bar(
            label=label,
            text=text,
            y=row * (BAR_HEIGHT + GAP),
            width=round(room * value / largest, 1) if value and largest else 0,
        )
        for row, (label, value, text) in enumerate(items)
    )
    return BarChart(
        bars=bars,
        width=width,
        height=max(len(bars), 1) * (BAR_HEIGHT + GAP),
        label_width=label_width,
        text_x=label_width + 6,
    )


@dataclass(frozen=True)
class StepChart:
    path: str
    width: int
    height: int
    x_ticks: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]


def step_chart(
    points: list[tuple[float, float]],
    *,
    x_max: float,
    x_ticks: Sequence[tuple[float, str]],
    width: int = 640,
    height: int = 240,
    margin: int = 40,
) -> StepChart:
    """A step line from (x, share) points, shares from 0 to 1, starting at the first point and
    held level to `x_max` (a survival curve drawn as it is estimated)."""
    plot_w = width - 2 * margin
    plot_h = height - 2 * margin

    def x_at(x: float) -> float:
        return round(margin + plot_w * min(x, x_max) / x_max, 1) if x_max else margin

    def y_at(share: float) -> float:
        return round(margin + plot_h * (1 - share), 1)

    parts = []
    for index, (x, share) in enumerate(points):
        if index == 0:
            parts.append(f"M{x_at(x)} {y_at(share)}")
        else:
            parts.append(f"H{x_at(x)} V{y_at(share)}")
    if points:
        parts.append(f"H{x_at(x_max)}")
    return StepChart(
        path=" ".join(parts),
        width=width,
        height=height,
        x_ticks=tuple((x_at(x), label) for x, label in x_ticks),
        y_ticks=tuple((y_at(share), f"{round(share * 100)} %") for share in (0, 0.5, 1)),
    )
