"""The consensus rule's properties, for any group and any answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.decisions.rule import Outcome, outcome, tally

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
