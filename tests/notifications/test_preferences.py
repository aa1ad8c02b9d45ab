from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message, OptOut
from selvhjelp.notifications.services import notify, unsubscribe_token, unsubscribe_url

pytestmark = pytest.mark.django_db


def test_the_page_offers_only_the_kinds_that_can_be_turned_off(
    participant: User, client_for
) -> None:
    response = client_for(participant).get("/varsler/")
    fields = list(response.context["form"].fields)
    assert fields == ["meeting_reminder", "group_news", "interest_match", "join_wish"]
    assert "Konto og sikkerhet" in response.content.decode()


def test_turning_a_kind_off_stops_those_messages_and_only_those(
    participant: User, client_for
) -> None:
    response = client_for(participant).post(
        "/varsler/", {"meeting_reminder": "on", "interest_match": "on", "join_wish": "on"}
    )
    assert response.status_code == 302
    assert list(OptOut.objects.filter(user=participant).values_list("kind", flat=True)) == [
        "group_news"
    ]
    assert notify(recipient=participant, kind="group_news", dedupe_key="a") is None
    assert notify(recipient=participant, kind="meeting_reminder", dedupe_key="b") is not None


def test_turning_it_on_again_works(participant: User, client_for) -> None:
    client = client_for(participant)
    client.post("/varsler/", {})
    assert OptOut.objects.filter(user=participant).count() == 4
    client.post(
        "/varsler/",
        {"group_news": "on", "meeting_reminder": "on", "interest_match": "on", "join_wish": "on"},
    )
    assert OptOut.objects.filter(user=participant).count() == 0


def test_each_optional_message_carries_a_one_click_unsubscribe_link(participant: User) -> None:
    message = notify(recipient=participant, kind="group_news", dedupe_key="c")
    assert message is not None
    url = unsubscribe_url(participant, "group_news")
    assert message.headers["List-Unsubscribe"] == f"<{url}>"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body_text


def test_security_messages_carry_no_unsubscribe_link(participant: User, deliver) -> None:
    Client().post("/konto/password/reset/", {"email": participant.email})
    [sent] = deliver()
    assert "List-Unsubscribe" not in sent.extra_headers


def test_the_link_works_without_logging_in_and_asks_before_it_acts(participant: User) -> None:
    path = unsubscribe_url(participant, "meeting_reminder").split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get("/" + path)
    assert page.status_code == 200
    assert not OptOut.objects.exists()
    done = client.post("/" + path)
    assert done.status_code == 200
    assert OptOut.objects.filter(user=participant, kind="meeting_reminder").exists()


def test_a_mail_program_can_unsubscribe_with_one_post(participant: User) -> None:
    client = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(participant, "interest_match")
    response = client.post(
        f"/varsler/av/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert OptOut.objects.filter(user=participant, kind="interest_match").exists()


def test_a_forged_or_altered_link_changes_nothing(participant: User, outsider: User) -> None:
    from django.core import signing

    from selvhjelp.notifications.services import UNSUBSCRIBE_SALT

    token = unsubscribe_token(participant, "group_news")
    payload, signature = token.rsplit(":", 1)
    other_payload = signing.dumps(
        {"u": outsider.pk, "k": "group_news"}, salt=UNSUBSCRIBE_SALT, compress=True
    ).rsplit(":", 1)[0]
    forged = [
        f"{payload}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",  # altered signature
        f"{other_payload}:{signature}",  # another person's payload under this signature
        signing.dumps({"u": outsider.pk, "k": "group_news"}, salt=UNSUBSCRIBE_SALT, key="x" * 50),
        "not-a-token",
    ]
    for bad in forged:
        assert Client().post(f"/varsler/av/{bad}/").status_code == 404
    assert not OptOut.objects.exists()


def test_a_link_for_security_messages_cannot_be_made_to_work(participant: User) -> None:
    from django.core import signing

    from selvhjelp.notifications.services import UNSUBSCRIBE_SALT

    token = signing.dumps({"u": participant.pk, "k": "account"}, salt=UNSUBSCRIBE_SALT)
    assert Client().post(f"/varsler/av/{token}/").status_code == 404
    assert not OptOut.objects.exists()
    assert Message.objects.count() == 0
