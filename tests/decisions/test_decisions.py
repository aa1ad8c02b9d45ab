from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, models
from django.test import Client
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.decisions.models import Proposal, ProposalState, Vote
from selvhjelp.decisions.selectors import answer_of, answered_by, may_vote, progress
from selvhjelp.decisions.services import (
    proposal_create,
    proposals_close_due,
    proposals_remind,
    vote_cast,
)
from selvhjelp.groups.models import Group, GroupInterest, GroupState, Membership, MembershipState
from selvhjelp.groups.services import NotAllowed
from selvhjelp.notifications.models import Message
from tests.concurrency import at_once
from tests.conftest import admit, members_of
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

MARKER = "Hemmelig-Qx9"
# A count of yes or no as any page would put it, in any of the three languages.
SPLIT = re.compile(r"\b(Ja|Nei|Yes|No)\s*:\s*\d")


@pytest.fixture
def group(running_group: Group) -> Group:
    return running_group


def _later(days: float) -> time_machine.travel:
    """Move the clock this many days ahead; it keeps running from there."""
    return time_machine.travel(timezone.now() + timedelta(days=days))


def test_adopted_as_soon_as_everyone_says_yes_and_the_effect_is_made(group) -> None:
    jonas, amina, per = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="pause", text="", payload={})
    assert Message.objects.filter(kind="group_news", dedupe_key__contains=":new:").count() == 2
    vote_cast(proposal=proposal, voter=jonas, yes=True)
    vote_cast(proposal=proposal, voter=amina, yes=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.OPEN
    vote_cast(proposal=proposal, voter=per, yes=True)
    proposal.refresh_from_db()
    group.refresh_from_db()
    assert (proposal.state, group.state) == (ProposalState.ADOPTED, GroupState.PAUSED)


def test_one_no_keeps_it_open_it_can_be_changed_and_the_deadline_decides(group) -> None:
    jonas, amina, per = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="question", text="Kaffe?", payload={})
    vote_cast(proposal=proposal, voter=jonas, yes=True)
    vote_cast(proposal=proposal, voter=amina, yes=False)
    vote_cast(proposal=proposal, voter=per, yes=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.OPEN
    assert Vote.objects.filter(proposal=proposal).count() == 3
    vote_cast(proposal=proposal, voter=amina, yes=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ADOPTED
    counts = (proposal.counted_count, proposal.answered_count, proposal.yes_count)
    assert (*counts, proposal.no_count) == (3, 3, 3, 0)
    assert not Vote.objects.filter(proposal=proposal).exists()


def test_a_missing_answer_at_the_deadline_means_not_adopted(group) -> None:
    jonas, amina, _per = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="end", text="", payload={}, days=1)
    vote_cast(proposal=proposal, voter=jonas, yes=True)
    vote_cast(proposal=proposal, voter=amina, yes=True)
    assert proposals_close_due() == 0
    with _later(1.01):
        assert proposals_close_due() == 1
        with pytest.raises(NotAllowed):
            vote_cast(proposal=proposal, voter=jonas, yes=False)
    proposal.refresh_from_db()
    group.refresh_from_db()
    assert proposal.state == ProposalState.NOT_ADOPTED
    assert group.state == GroupState.RUNNING


def test_members_who_leave_stop_counting_and_newcomers_do_not_hold_it_up(group, make_user) -> None:
    jonas, amina, per = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="question", text="?", payload={})
    vote_cast(proposal=proposal, voter=per, yes=False)
    Membership.objects.filter(user=per).update(state=MembershipState.LEFT)
    newcomer = make_user("Ny")
    admit(group, newcomer)
    with pytest.raises(NotAllowed):
        vote_cast(proposal=proposal, voter=newcomer, yes=False)
    vote_cast(proposal=proposal, voter=jonas, yes=True)
    vote_cast(proposal=proposal, voter=amina, yes=True)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ADOPTED


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_votes_leave_one_vote(group) -> None:
    jonas, *_ = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="question", text="?", payload={})
    outcomes = at_once(
        lambda yes: vote_cast(proposal=proposal, voter=jonas, yes=yes), [True, False] * 3
    )
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Vote.objects.filter(proposal=proposal, voter=jonas).count() == 1


@pytest.mark.django_db(transaction=True)
def test_last_answers_racing_each_other_close_it_once_and_leave_no_vote(group) -> None:
    jonas, amina, per = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="question", text="?", payload={})
    vote_cast(proposal=proposal, voter=jonas, yes=True)
    outcomes = at_once(
        lambda person: vote_cast(proposal=proposal, voter=person, yes=True), [amina, per] * 3
    )
    # Once both have said yes it is adopted; the answers that come after are refused.
    assert {type(o) for o in outcomes} <= {Proposal, NotAllowed}
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ADOPTED
    assert (proposal.counted_count, proposal.yes_count, proposal.no_count) == (3, 3, 0)
    assert not Vote.objects.exists()
    assert Message.objects.filter(dedupe_key__contains=":outcome:").count() == 3


def test_an_effect_that_cannot_be_made_leaves_nothing_changed(group, make_user) -> None:
    people = members_of(group)
    applicant = make_user("Søker")
    GroupInterest.objects.create(user=applicant, group=group)
    Group.objects.filter(pk=group.pk).update(capacity=3)
    proposal = proposal_create(
        group=group, by=people[0], kind="admit", text="", payload={"applicant": applicant.pk}
    )
    for person in people:
        vote_cast(proposal=proposal, voter=person, yes=True)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "group_full")
    assert not Membership.objects.filter(user=applicant).exists()
    page = Client()
    page.force_login(people[0])
    detail = f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/"
    assert "gruppa har ingen ledig plass" in page.get(detail).content.decode()
    assert "the group has no free place" in page.get("/en" + detail).content.decode()
    told = Message.objects.get(recipient=applicant)
    assert "Søker" not in told.subject
    assert group.title not in told.body_text


def test_an_adopted_admission_invites_the_applicant(group, make_user) -> None:
    people = members_of(group)
    applicant = make_user("Søker")
    proposal = proposal_create(
        group=group, by=people[0], kind="admit", text="", payload={"applicant": applicant.pk}
    )
    for person in people:
        vote_cast(proposal=proposal, voter=person, yes=True)
    assert Membership.objects.get(user=applicant).state == MembershipState.INVITED


def test_opening_seats_and_changing_the_declaration(group) -> None:
    people = members_of(group)
    seats = proposal_create(
        group=group, by=people[0], kind="open_seats", text="", payload={"seats": 2}
    )
    words = proposal_create(
        group=group, by=people[0], kind="declaration", text="", payload={"text": "Ny ordlyd"}
    )
    for proposal in (seats, words):
        for person in people:
            vote_cast(proposal=proposal, voter=person, yes=True)
    group.refresh_from_db()
    assert (group.openness, group.free_seats) == ("open", 2)
    assert group.declarations.order_by("-number").first().text == "Ny ordlyd"
    response = Client()
    response.force_login(people[0])
    assert response.get(f"/grupper/{group.code}/inne/")["Location"].endswith("/taushetserklaering/")


def _stable(html: str) -> str:
    """The page without what changes on every request (the CSRF token, the script nonce)."""
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)


def test_nobody_can_see_how_anyone_voted(group, client_for, initiator, caplog) -> None:
    """Whatever Amina answers, everything the others can reach is the same: pages, messages,
    the log and the selectors show how many have answered, never a yes or a no."""
    jonas, amina, per = members_of(group)
    amina.display_name = MARKER
    amina.save()
    Group.objects.filter(pk=group.pk).update(
        initiator=initiator, handed_over_at=None, state="starting"
    )
    proposal = proposal_create(
        group=group, by=jonas, kind="question", text="Et spørsmål", payload={}
    )
    caplog.set_level(logging.DEBUG)
    answer = f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/svar/"

    def what_others_see() -> list[object]:
        seen: list[object] = []
        for viewer in (jonas, per, initiator):
            for path in ("", f"{proposal.code}/"):
                html = (
                    client_for(viewer)
                    .get(f"/grupper/{group.code}/inne/beslutninger/{path}")
                    .content.decode()
                )
                assert MARKER not in html
                assert "1 av 3 har svart" in html
                assert not SPLIT.search(html), SPLIT.search(html)
                seen.append(_stable(html))
            seen += [answer_of(proposal, viewer), may_vote(proposal, viewer)]
        seen += [progress(group, [proposal]), answered_by(proposal)]
        seen += sorted(
            (m.recipient_id, m.subject, m.body_text, m.body_html)
            for m in Message.objects.exclude(recipient=amina)
        )
        return seen

    caplog.clear()
    client_for(amina).post(answer, {"answer": "no"})
    said_no, logged_no = what_others_see(), caplog.text
    caplog.clear()
    client_for(amina).post(answer, {"answer": "yes"})
    said_yes, logged_yes = what_others_see(), caplog.text
    assert said_no == said_yes
    assert logged_no == logged_yes
    assert MARKER not in logged_no
    own = (
        client_for(amina)
        .get(f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/")
        .content.decode()
    )
    assert own.count('aria-pressed="true"') == 1
    assert 'value="yes" aria-pressed="true"' in own


def _split_and_closed(group: Group, *, yes: User, no: User) -> Proposal:
    """A question one member answers yes and another no, closed at its deadline."""
    proposal = proposal_create(group=group, by=yes, kind="question", text="?", payload={})
    vote_cast(proposal=proposal, voter=yes, yes=True)
    vote_cast(proposal=proposal, voter=no, yes=False)
    with _later(7.01):
        assert proposals_close_due() == 1
    return proposal


def test_once_closed_no_table_pairs_a_member_with_an_answer(group) -> None:
    """Every table of the app that can hold a person holds no row of the closed proposal; the
    proposal's own row names only who proposed it (and, in `counting`, who was asked)."""
    jonas, amina, _per = members_of(group)
    proposal = _split_and_closed(group, yes=jonas, no=amina)
    assert not Vote.objects.filter(proposal=proposal).exists()
    proposal_table, people_table = Proposal._meta.db_table, User._meta.db_table
    scanned = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith("decisions_"):
                continue
            relations = connection.introspection.get_relations(cursor, table)
            people = [column for column, (_, other) in relations.items() if other == people_table]
            if table == proposal_table:
                assert people == ["proposed_by_id"]
                continue
            for column, (_, other) in relations.items():
                if people and other == proposal_table:
                    scanned.append(table)
                    cursor.execute(
                        f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = %s',  # noqa: S608
                        [proposal.pk],
                    )
                    assert cursor.fetchone()[0] == 0, (table, people)
    assert Vote._meta.db_table in scanned
    assert not [f for f in Vote._meta.get_fields() if isinstance(f, models.DateTimeField)]


def test_at_the_deadline_the_numbers_are_kept_and_a_split_that_tells_is_not(
    group, client_for
) -> None:
    jonas, amina, per = members_of(group)
    proposal = _split_and_closed(group, yes=jonas, no=amina)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.NOT_ADOPTED
    # "1 yes, 1 no" would tell Jonas that Amina or Per said no, and Amina that it was Jonas
    # who said yes: only how many answered is kept.
    kept = (proposal.counted_count, proposal.answered_count, proposal.yes_count, proposal.no_count)
    assert kept == (3, 2, None, None)
    html = (
        client_for(per)
        .get(f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/")
        .content.decode()
    )
    assert "Ikke vedtatt" in html
    assert "2 av 3 svarte." in html
    assert not SPLIT.search(html)


def test_two_yes_and_two_no_are_shown_at_closing(group, client_for, make_user) -> None:
    for name in ("Kari", "Ola"):
        admit(group, make_user(name))
    people = members_of(group)
    proposal = proposal_create(group=group, by=people[0], kind="question", text="?", payload={})
    for person, yes in zip(people, (True, True, False, False), strict=False):
        vote_cast(proposal=proposal, voter=person, yes=yes)
    with _later(7.01):
        assert proposals_close_due() == 1
    proposal.refresh_from_db()
    kept = (proposal.counted_count, proposal.answered_count, proposal.yes_count, proposal.no_count)
    assert kept == (5, 4, 2, 2)
    assert not Vote.objects.exists()
    html = (
        client_for(people[4])
        .get(f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/")
        .content.decode()
    )
    assert "4 av 5 svarte. Ja: 2 · Nei: 2" in html


def test_a_reminder_24_hours_before_goes_once_to_those_who_have_not_answered(group) -> None:
    jonas, amina, per = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="question", text="?", payload={}, days=2)
    vote_cast(proposal=proposal, voter=jonas, yes=True)
    assert proposals_remind() == 0
    with _later(1.1):
        assert proposals_remind() == 2
        assert proposals_remind() == 0
    reminded = Message.objects.filter(dedupe_key__contains=":reminder:")
    assert {m.recipient for m in reminded} == {amina, per}
    with _later(2.01):
        assert proposals_close_due() == 1
    assert not Vote.objects.filter(proposal=proposal).exists()


def test_proposing_through_the_pages(group, client_for) -> None:
    jonas, *_ = members_of(group)
    client = client_for(jonas)
    page = client.get(f"/grupper/{group.code}/inne/beslutninger/ny/?type=question")
    assert page.status_code == 200
    refused = client.post(
        f"/grupper/{group.code}/inne/beslutninger/ny/",
        {"type": "question", "text": "", "days": "40"},
    )
    assert refused.status_code == 200
    assert not Proposal.objects.exists()
    client.post(
        f"/grupper/{group.code}/inne/beslutninger/ny/",
        {"type": "question", "text": "Tur i mai?", "days": "7"},
    )
    assert Proposal.objects.get().text == "Tur i mai?"
    assert (
        client.get(f"/grupper/{group.code}/inne/beslutninger/ny/?type=nonsense").status_code == 404
    )


@pytest.mark.parametrize("who", ["outsider", "other_coordinator"])
def test_outsiders_get_404(group, request, client_for, who) -> None:
    jonas, *_ = members_of(group)
    proposal = proposal_create(group=group, by=jonas, kind="question", text="?", payload={})
    person = request.getfixturevalue(who)
    for path in ("", "ny/?type=question", f"{proposal.code}/"):
        assert (
            client_for(person).get(f"/grupper/{group.code}/inne/beslutninger/{path}").status_code
            == 404
        )
    assert (
        client_for(person)
        .post(f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/svar/", {"answer": "yes"})
        .status_code
        == 404
    )


def test_the_decisions_page_runs_the_same_queries_for_2_and_20_proposals(
    group, member, other_member, client_for
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            proposal = proposal_create(
                group=group, by=member, kind="question", text="?", payload={}
            )
            vote_cast(proposal=proposal, voter=other_member, yes=False)
            decided = proposal_create(group=group, by=member, kind="question", text="?", payload={})
            for person in members_of(group):
                vote_cast(proposal=decided, voter=person, yes=True)

    add(2)
    response = assert_queries_do_not_grow(
        client_for(member),
        f"/grupper/{group.code}/inne/beslutninger/",
        lambda: add(18),
        at_most=7,
    )
    assert len(response.context["open"]) == 20
    assert len(response.context["history"]) == 20
