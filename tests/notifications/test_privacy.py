"""Subjects are neutral: nothing from the context of a message can reach its subject line."""

from __future__ import annotations

import pytest

from selvhjelp.notifications.kinds import KINDS
from selvhjelp.notifications.models import Message
from selvhjelp.notifications.services import notify
from tests.smtpsink import SmtpServer

pytestmark = pytest.mark.django_db

MARKER = "Angst-og-panikk-gruppa-Qz9"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("kind", [name for name, kind in KINDS.items() if not kind.essential])
def test_a_subject_never_contains_the_groups_theme_or_name(
    make_user, smtp_server: SmtpServer, kind: str, language: str
) -> None:
    person = make_user(MARKER, language=language)
    context = {
        name: MARKER
        for name in ("theme", "group_name", "group_url", "meeting_url", "starts_at", "title")
    }
    notify(recipient=person, kind=kind, dedupe_key=f"{kind}:{language}", context=context)
    from selvhjelp.notifications.services import outbox_deliver

    outbox_deliver()
    [received] = smtp_server.messages
    assert MARKER not in received["Subject"]
    assert MARKER not in Message.objects.get().subject
    assert received["Subject"].startswith("selvhjelp: ")
