"""Delivery to a server that takes pipelined commands (RFC 2920): MAIL, RCPT and DATA in one
go, then the content. The other delivery tests run against such a server too."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import _send_pipelined, notify, outbox_deliver
from tests.notifications.conftest import _use_smtp
from tests.smtpsink import Mailbox, SmtpServer

pytestmark = pytest.mark.django_db


def _tell(people: list[User]) -> None:
    for n, person in enumerate(people):
        notify(
            recipient=person,
            kind="meeting_reminder",
            dedupe_key=f"p:{n}",
            context={"starts_at": "18:00", "meeting_url": "https://selvhjelp.test/m/\n.\n"},
        )


def _without_date(raw: bytes) -> list[bytes]:
    return [line for line in raw.split(b"\r\n") if not line.startswith(b"Date:")]


def test_a_pipelined_message_arrives_byte_for_byte_as_one_sent_a_command_at_a_time(
    make_user: Callable[..., User], settings
) -> None:
    _tell([make_user("Pål", language="nn")])
    received = []
    for pipelining in (False, True):
        server = SmtpServer(mailbox=Mailbox(pipelining=pipelining)).start()
        _use_smtp(settings, server.port)
        try:
            Message.objects.update(state=MessageState.QUEUED)
            assert outbox_deliver() == 1
        finally:
            server.stop()
        [raw] = server.mailbox.raw
        received.append(raw)
    assert _without_date(received[0]) == _without_date(received[1])
    assert Message.objects.get().state == MessageState.SENT


def test_a_refused_address_fails_for_good_and_the_messages_after_it_still_go(
    make_user: Callable[..., User], settings, monkeypatch
) -> None:
    pipelined = []

    def counted(*args: object) -> None:
        pipelined.append(args)
        _send_pipelined(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("selvhjelp.notifications.services._send_pipelined", counted)
    people = [make_user() for _ in range(5)]
    server = SmtpServer(mailbox=Mailbox(pipelining=True, refuse=frozenset([people[2].email])))
    server.start()
    _use_smtp(settings, server.port)
    _tell(people)
    try:
        assert outbox_deliver() == 5
    finally:
        server.stop()
    assert sorted(message["To"] for message in server.messages) == sorted(
        person.email for n, person in enumerate(people) if n != 2
    )
    refused = Message.objects.get(recipient=people[2])
    assert refused.state == MessageState.FAILED
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    assert Message.objects.filter(state=MessageState.SENT).count() == 4
    assert len(pipelined) == 5
