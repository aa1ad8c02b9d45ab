"""The suppression rule with small numbers: no cell below 3 shown, none recomputable."""

from __future__ import annotations

from itertools import product

from hypothesis import example, given, settings
from hypothesis import strategies as st

from selvhjelp.lib.disclosure import Shown, protect, protect_count


def shown(values: list[int]) -> list[str]:
    table = protect(values)
    return [c.shown.value for c in (*table.cells, table.total)]


def test_a_table_without_small_cells_is_shown_whole() -> None:
    assert shown([4, 0, 7]) == ["value", "value", "value", "value"]


def test_a_single_small_cell_takes_the_smallest_other_cell_with_it() -> None:
    # 12 - 5 - 6 would give the 1 back; 5 is hidden as well, and 6 + the total stay.
    assert shown([1, 6, 5]) == ["fewer", "value", "hidden", "value"]


def test_zero_is_never_the_cell_that_hides_another() -> None:
    assert shown([2, 0, 4, 9]) == ["fewer", "value", "hidden", "value", "value"]


def test_two_small_cells_that_add_up_to_two_are_not_enough() -> None:
    # 1 + 1 hidden from a total of 12: the sum 2 would say both are 1.
    assert shown([1, 1, 10]) == ["fewer", "fewer", "hidden", "value"]


def test_a_hidden_three_beside_a_one_would_still_tell_so_the_total_goes() -> None:
    # Hidden together they make 4 = 1 + 3 (2 + 2 is impossible: "hidden" means 3 or more).
    assert shown([1, 3]) == ["fewer", "hidden", "hidden"]


def test_a_small_total_is_itself_fewer_than_three() -> None:
    assert shown([2, 0]) == ["fewer", "value", "fewer"]


def test_a_single_count_below_three_is_fewer_than_three_and_zero_is_zero() -> None:
    assert protect_count(2).shown is Shown.FEWER
    assert protect_count(0).shown is Shown.VALUE
    assert protect_count(3).visible == 3


def _possible_values(
    labels: list[Shown], visible: list[int | None], total: int | None, largest: int
):
    """Every filling of the hidden cells a reader who knows the rule would accept."""
    options: list[list[int]] = []
    for label, value in zip(labels, visible, strict=True):
        if label is Shown.VALUE:
            options.append([value or 0])
        elif label is Shown.FEWER:
            options.append([1, 2])
        else:
            options.append(list(range(3, largest + 1)))
    for filling in product(*options):
        if total is None or sum(filling) == total:
            yield filling


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5))
@example([1, 3])
def test_no_shown_figure_lets_a_small_cell_be_worked_out(values: list[int]) -> None:
    table = protect(values)
    labels = [c.shown for c in table.cells]
    visible = [c.visible for c in table.cells]
    # Nothing below 3 (except zero) is ever shown.
    assert all(v is None or v == 0 or v >= 3 for v in [*visible, table.total.visible])
    fillings = list(_possible_values(labels, visible, table.total.visible, sum(values)))
    assert tuple(values) in fillings
    for i, label in enumerate(labels):
        if label is Shown.FEWER:
            assert len({filling[i] for filling in fillings}) == 2, (values, labels)
