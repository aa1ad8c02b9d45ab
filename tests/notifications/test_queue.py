from __future__ import annotations

import pytest
from django.db import transaction

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import (
    Notice,
    notify,
    notify_many,
    opt_out,
    outbox_queue,
    render_message,
)

pytestmark = pytest.mark.django_db


def _remind(person: User, key: str = "reminder:1") -> Message | None:
    return notify(
        recipient=person,
        kind="meeting_reminder",
        dedupe_key=key,
        context={"starts_at": "18:00", "meeting_url": "https://selvhjelp.test/m/1/"},
    )


def test_a_message_is_queued_in_one_query(participant: User, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        message = _remind(participant)
    assert message is not None
    stored = Message.objects.get()
    assert stored.pk == message.pk
    assert stored.public_id == message.public_id
    assert (stored.subject, stored.body_text, stored.body_html) == (
        message.subject,
        message.body_text,
        message.body_html,
    )
    assert stored.headers == message.headers
    assert stored.state == MessageState.QUEUED
    assert stored.recipient == participant


def test_what_is_queued_is_the_message_as_rendered_in_the_persons_language(
    make_user,
) -> None:
    person = make_user("Per", language="nn")
    message = _remind(person)
    assert message is not None
    subject, text, html = render_message(
        kind="meeting_reminder",
        language="nn",
        context={
            "starts_at": "18:00",
            "meeting_url": "https://selvhjelp.test/m/1/",
            "recipient_name": "Per",
            "unsubscribe_url": message.headers["List-Unsubscribe"].strip("<>"),
        },
    )
    stored = Message.objects.get()
    assert (stored.subject, stored.body_text, stored.body_html) == (subject, text, html)
    assert stored.language == "nn"


def test_a_message_goes_with_the_event_when_its_transaction_is_rolled_back(
    participant: User,
) -> None:
    def event_that_fails() -> None:
        with transaction.atomic():
            _remind(participant)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        event_that_fails()
    assert not Message.objects.exists()


def test_a_repeated_key_leaves_the_callers_transaction_going(participant: User) -> None:
    with transaction.atomic():
        first = _remind(participant)
        second = _remind(participant)
        # On PostgreSQL a failed statement would spoil every query after it.
        assert Message.objects.count() == 1
    assert first == second


def test_a_person_who_turned_the_kind_off_gets_nothing_even_under_a_queued_key(
    participant: User,
) -> None:
    assert _remind(participant) is not None
    opt_out(user=participant, kind="meeting_reminder")
    assert _remind(participant) is None
    assert _remind(participant, "reminder:2") is None
    assert Message.objects.count() == 1


def test_a_message_that_cannot_be_turned_off_is_queued_for_anyone(participant: User) -> None:
    message = notify(recipient=participant, kind="join_answer", dedupe_key="answer:1")
    assert message is not None
    assert "List-Unsubscribe" not in message.headers


def test_an_unknown_kind_is_refused(participant: User) -> None:
    with pytest.raises(ValueError, match="Unknown message kind"):
        notify(recipient=participant, kind="newsletter", dedupe_key="n:1")
    with pytest.raises(ValueError, match="Unknown message kind"):
        outbox_queue(
            kind="newsletter",
            dedupe_key="n:2",
            to_email="a@example.org",
            language="nb",
            subject="s",
            body_text="b",
        )


def test_a_long_subject_is_cut_and_kept_on_one_line() -> None:
    message = outbox_queue(
        kind="account",
        dedupe_key="s:1",
        to_email="a@example.org",
        language="nb",
        subject="A\nsubject " + "x" * 300,
        body_text="b",
    )
    stored = Message.objects.get(pk=message.pk)
    assert stored.subject.startswith("A subject x")
    assert len(stored.subject) == 200


def test_many_people_are_told_in_two_queries_each_in_their_own_language(
    make_user, django_assert_num_queries
) -> None:
    people = [make_user(f"P{n}", language=("nb", "nn", "en")[n % 3]) for n in range(30)]
    opt_out(user=people[4], kind="group_news")
    notices = [
        Notice(recipient=person, dedupe_key=f"news:{person.pk}", context={"group_url": "u"})
        for person in people
    ]
    with django_assert_num_queries(2):
        told = notify_many(kind="group_news", notices=notices)
    assert told == 29
    assert not Message.objects.filter(recipient=people[4]).exists()
    for person in (people[0], people[1], people[2]):
        stored = Message.objects.get(recipient=person)
        alone = render_message(
            kind="group_news",
            language=person.language,
            context={
                "group_url": "u",
                "recipient_name": person.display_name,
                "unsubscribe_url": stored.headers["List-Unsubscribe"].strip("<>"),
            },
        )
        assert (stored.subject, stored.body_text, stored.body_html) == alone
        assert stored.language == person.language


def test_telling_many_again_queues_nothing_new_and_keeps_the_transaction_going(
    make_user,
) -> None:
    people = [make_user() for _ in range(3)]
    notices = [Notice(recipient=person, dedupe_key=f"n:{person.pk}") for person in people]
    with transaction.atomic():
        assert notify_many(kind="group_news", notices=notices[:2]) == 2
        first = set(Message.objects.values_list("public_id", flat=True))
        assert notify_many(kind="group_news", notices=notices) == 3
        assert Message.objects.count() == 3
    assert first < set(Message.objects.values_list("public_id", flat=True))


def test_telling_many_goes_with_the_event_when_it_is_rolled_back(make_user) -> None:
    person = make_user()

    def event_that_fails() -> None:
        with transaction.atomic():
            notify_many(kind="group_news", notices=[Notice(recipient=person, dedupe_key="r")])
            raise RuntimeError

    with pytest.raises(RuntimeError):
        event_that_fails()
    assert not Message.objects.exists()


def test_more_people_than_one_insert_holds_are_all_told(make_user, monkeypatch) -> None:
    monkeypatch.setattr("selvhjelp.notifications.services.NOTIFY_MANY_ROWS", 4)
    people = [make_user() for _ in range(10)]
    notices = [Notice(recipient=person, dedupe_key=f"m:{person.pk}") for person in people]
    assert notify_many(kind="join_answer", notices=notices) == 10
    assert Message.objects.count() == 10
