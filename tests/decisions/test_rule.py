"""The consensus rule's properties, for any group and any answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.decisions.rule import Outcome, final_count, outcome, split_shown, tally

people = st.sets(st.integers(min_value=1, max_value=30), min_size=1, max_size=12)


@st.composite
def situations(draw):
    counting = draw(people)
    others = draw(st.sets(st.integers(min_value=31, max_value=60), max_size=5))  # left or new
    voters = draw(st.sets(st.sampled_from(sorted(counting | others))))
    answers = {person: draw(st.booleans()) for person in voters}
    return counting, answers


@given(situations(), st.booleans())
def test_never_adopted_while_someone_who_counts_says_no(situation, deadline_passed) -> None:
    counting, answers = situation
    if any(answers.get(person) is False for person in counting):
        assert (
            outcome(counting=counting, answers=answers, deadline_passed=deadline_passed)
            != Outcome.ADOPTED
        )


@given(situations(), st.booleans())
def test_never_adopted_before_everyone_who_counts_has_said_yes(situation, deadline_passed) -> None:
    counting, answers = situation
    result = outcome(counting=counting, answers=answers, deadline_passed=deadline_passed)
    everyone_yes = all(answers.get(person) is True for person in counting)
    assert (result == Outcome.ADOPTED) == everyone_yes


@given(situations())
def test_at_the_deadline_it_is_decided_one_way_or_the_other(situation) -> None:
    counting, answers = situation
    assert outcome(counting=counting, answers=answers, deadline_passed=True) != Outcome.OPEN


@given(situations(), st.booleans())
def test_answers_of_people_who_do_not_count_change_nothing(situation, deadline_passed) -> None:
    counting, answers = situation
    only_counting = {person: answer for person, answer in answers.items() if person in counting}
    assert outcome(counting=counting, answers=answers, deadline_passed=deadline_passed) == outcome(
        counting=counting, answers=only_counting, deadline_passed=deadline_passed
    )


@given(situations())
def test_the_tally_adds_up_to_the_people_who_count(situation) -> None:
    counting, answers = situation
    assert sum(tally(counting=counting, answers=answers)) == len(counting)


def test_nobody_counting_adopts_nothing() -> None:
    assert outcome(counting=set(), answers={}, deadline_passed=True) == Outcome.NOT_ADOPTED


@st.composite
def closings(draw):
    """A group of 1–8 who count, and how many of them said yes and no."""
    counted = draw(st.integers(min_value=1, max_value=8))
    yes = draw(st.integers(min_value=0, max_value=counted))
    no = draw(st.integers(min_value=0, max_value=counted - yes))
    return counted, yes, no


@given(closings())
def test_a_split_that_is_shown_tells_no_member_anothers_answer(closing) -> None:
    """Whatever a member answered (or if they did not), the others' answers behind a shown
    split are still mixed, unless everyone said yes, which "adopted" says anyway."""
    counted, yes, no = closing
    if not split_shown(counted=counted, yes=yes, no=no) or yes == counted:
        return
    silent = counted - yes - no
    owns = [(1, 0)] * (yes > 0) + [(0, 1)] * (no > 0) + [(0, 0)] * (silent > 0)
    for own_yes, own_no in owns:
        assert yes - own_yes >= 1, closing
        assert no - own_no >= 1, closing


def test_the_split_is_withheld_where_it_would_name_someone() -> None:
    assert not split_shown(counted=5, yes=4, no=1)  # the one who said no: everyone else said yes
    assert not split_shown(counted=5, yes=1, no=4)  # the one who said yes: everyone else said no
    assert not split_shown(counted=5, yes=0, no=5)
    assert not split_shown(counted=0, yes=0, no=0)
    assert split_shown(counted=5, yes=5, no=0)
    assert split_shown(counted=5, yes=2, no=2)


@given(situations())
def test_what_is_kept_adds_up_and_counts_only_those_who_count(situation) -> None:
    counting, answers = situation
    kept = final_count(counting=counting, answers=answers)
    yes, no, waiting = tally(counting=counting, answers=answers)
    assert (kept.counted, kept.answered) == (len(counting), yes + no)
    assert kept.answered + waiting == kept.counted
    assert (kept.yes, kept.no) in {(yes, no), (None, None)}
