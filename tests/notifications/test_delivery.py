from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import (
    MAX_ATTEMPTS,
    notify,
    outbox_claim,
    outbox_deliver,
)
from tests.conftest import queue_to
from tests.smtpsink import SmtpServer

pytestmark = pytest.mark.django_db

EXPECTED_GREETINGS = {"nb": "Hei Per,", "nn": "Hei Per,", "en": "Hi Per,"}
EXPECTED_SUBJECTS = {
    "nb": "selvhjelp: Et møte i morgen",
    "nn": "selvhjelp: Eit møte i morgon",
    "en": "selvhjelp: A meeting tomorrow",
}


@pytest.fixture
def later() -> Callable[[timedelta], time_machine.travel]:
    """Move the clock forward by a given time; it keeps running from there."""
    start = timezone.now()

    def move(delta: timedelta) -> time_machine.travel:
        return time_machine.travel(start + delta)

    return move


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_message_arrives_in_the_recipients_language(
    make_user, smtp_server: SmtpServer, language: str
) -> None:
    person = make_user("Per", language=language)
    notify(
        recipient=person,
        kind="meeting_reminder",
        dedupe_key=f"reminder:{person.pk}",
        context={"starts_at": "18:00", "meeting_url": "https://selvhjelp.test/m/1/"},
    )
    assert outbox_deliver() == 1
    [received] = smtp_server.messages
    assert received["To"] == person.email
    assert received["Subject"] == EXPECTED_SUBJECTS[language]
    assert received["Auto-Submitted"] == "auto-generated"
    plain = received.get_body(("plain",))
    assert plain is not None
    text = plain.get_content()
    assert text.splitlines()[0] == EXPECTED_GREETINGS[language]
    assert "https://selvhjelp.test/m/1/" in text
    assert received.get_body(("html",)) is not None
    assert Message.objects.get().state == MessageState.SENT


def test_the_same_event_never_queues_the_same_message_twice(make_user) -> None:
    person = make_user()
    first = notify(recipient=person, kind="group_news", dedupe_key="decision:7:new:1")
    second = notify(recipient=person, kind="group_news", dedupe_key="decision:7:new:1")
    assert first == second
    assert Message.objects.count() == 1


def test_with_the_server_down_a_message_waits_and_then_arrives_exactly_once(
    make_user, smtp_down: int, later
) -> None:
    person = make_user()
    notify(recipient=person, kind="group_news", dedupe_key="x:1")
    assert outbox_deliver() == 1
    message = Message.objects.get()
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert "ConnectionRefusedError" in message.last_error
    assert outbox_deliver() == 0  # not due yet

    server = SmtpServer(port=smtp_down).start()
    try:
        with later(timedelta(minutes=2)):
            assert outbox_deliver() == 1
            assert outbox_deliver() == 0
        with later(timedelta(days=1)):
            assert outbox_deliver() == 0
    finally:
        server.stop()
    assert len(server.messages) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 2)


def test_after_the_last_attempt_a_message_is_marked_failed_never_dropped(
    make_user, smtp_down: int, later
) -> None:
    notify(recipient=make_user(), kind="group_news", dedupe_key="x:2")
    for hour in range(1, 60):
        with later(timedelta(hours=hour * 6)):
            outbox_deliver()
    message = Message.objects.get()
    assert message.state == MessageState.FAILED
    assert message.attempts == MAX_ATTEMPTS


def test_a_worker_that_dies_mid_send_leaves_the_message_to_be_retried(
    make_user, smtp_server: SmtpServer, later
) -> None:
    notify(recipient=make_user(), kind="group_news", dedupe_key="x:3")
    assert len(outbox_claim(worker="a worker that is killed now")) == 1
    assert outbox_deliver() == 0  # the lease still holds
    with later(timedelta(minutes=6)):
        assert outbox_deliver() == 1
    assert len(smtp_server.messages) == 1
    assert Message.objects.get().state == MessageState.SENT


def test_without_an_email_server_messages_are_kept_for_the_admin(
    make_user, settings, admin_user, client_for
) -> None:
    settings.SELVHJELP_EMAIL_KEEP = True
    notify(recipient=make_user(), kind="group_news", dedupe_key="x:4", context={"group_url": "U"})
    assert outbox_deliver() == 1
    message = Message.objects.get()
    assert message.state == MessageState.KEPT
    page = client_for(admin_user).get(f"/admin/notifications/message/{message.pk}/change/")
    assert page.status_code == 200
    assert "Det er noe nytt i en av gruppene dine." in page.content.decode()


def test_failed_messages_are_listed_for_admins_and_hidden_from_others(
    make_user, admin_user, participant, client_for
) -> None:
    queue_to("a@example.org", key="x:5", kind="group_news")
    Message.objects.update(state=MessageState.FAILED, last_error="SMTPRecipientsRefused")
    page = client_for(admin_user).get("/admin/notifications/message/?state__exact=failed")
    assert "SMTPRecipientsRefused" in page.content.decode()
    assert client_for(participant).get("/admin/notifications/message/").status_code == 302
