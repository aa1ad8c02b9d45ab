"""What an email says about itself: its language, an identity that survives a retry, and bytes
that pass any mail server; and its links never name a group."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from time_machine import TimeMachineFixture

from selvhjelp.decisions.services import proposal_create
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import meeting_cancel
from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import notify, outbox_deliver
from tests.conftest import admit, meet_weekly, move_later
from tests.smtpsink import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False)


def _remind(person) -> None:
    notify(
        recipient=person,
        kind="meeting_reminder",
        dedupe_key=f"reminder:{person.pk}",
        context={"starts_at": "18:00", "meeting_url": "https://selvhjelp.test/m/1/"},
    )


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_an_email_says_its_language_in_the_header_and_the_html(
    make_user, smtp_server: SmtpServer, language: str
) -> None:
    _remind(make_user("Per", language=language))
    assert outbox_deliver() == 1
    [received] = smtp_server.messages
    assert received["Content-Language"] == language
    html = received.get_body(("html",))
    assert html is not None
    assert f'<html lang="{language}">' in html.get_content()


def test_a_retried_message_keeps_its_message_id(make_user, smtp_server: SmtpServer) -> None:
    _remind(make_user("Per"))
    assert outbox_deliver() == 1
    # The server took it, but the worker died before it could record so: the lease runs out
    # and the message goes again.
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(state=MessageState.QUEUED)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert outbox_deliver() == 1
    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"] == f"<{message.public_id}@127.0.0.1>"


def test_norwegian_letters_travel_as_seven_bit_quoted_printable(
    make_user, smtp_server: SmtpServer
) -> None:
    _remind(make_user("Åse Ørn", language="nb"))
    assert outbox_deliver() == 1
    [raw] = smtp_server.mailbox.raw
    assert max(raw) < 0x80
    assert b"Content-Transfer-Encoding: quoted-printable" in raw
    [received] = smtp_server.messages
    plain = received.get_body(("plain",))
    assert plain is not None
    assert "Hei Åse Ørn," in plain.get_content()
    assert "møte" in plain.get_content()


def _urls(message: Message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body_text + message.body_html)


def test_no_link_in_a_group_email_carries_the_groups_code_or_theme(
    make_group, participant, make_user, contact_point, frozen
) -> None:
    group = make_group("Sorggruppe", contact_point=contact_point)
    admit(group, participant)
    other = make_user("Kari")
    admit(group, other)
    meet_weekly(group)
    first, second = Meeting.objects.order_by("starts_at")[:2]
    meeting_cancel(meeting=first, by=participant, message="")
    move_later(second, timedelta(hours=1))
    proposal_create(group=group, by=participant, kind="question", payload={}, text="Pause?")
    messages = list(Message.objects.exclude(kind="account"))
    assert {message.kind for message in messages} >= {"group_news"}
    urls = [url for message in messages for url in _urls(message)]
    assert len(urls) >= 3
    assert all(group.code not in url for url in urls)
    assert all("sorg" not in url.lower() for url in urls)
    assert any(f"/inne/{group.link_key}/moter/" in url for url in urls)
    assert any(f"/inne/{group.link_key}/beslutninger/" in url for url in urls)
