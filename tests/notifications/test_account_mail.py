"""allauth's messages, in our words: the site is named, and nynorsk and English readers get them
in their own language, never in bokmål by fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from selvhjelp.notifications.models import Message
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "selvhjelp" / "templates"
SENT = sorted(
    path.relative_to(TEMPLATES).as_posix()
    for folder in ("account/email", "mfa/email")
    for path in (TEMPLATES / folder).glob("*_*.txt")
)
FIRST_LINES = {
    "nb": "Noen, sannsynligvis du, har oppgitt denne adressen for en konto på selvhjelp "
    "(127.0.0.1:8000).",
    "nn": "Nokon, truleg du, har gitt opp denne adressa for ein konto på selvhjelp "
    "(127.0.0.1:8000).",
    "en": "Someone, probably you, has given this address for an account on selvhjelp "
    "(127.0.0.1:8000).",
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_verification_email_names_the_site_in_the_persons_language(language: str) -> None:
    Client().post(
        "/konto/signup/",
        {
            "email": "ny@example.org",
            "password1": PASSWORD,
            "display_name": "Ny",
            "language": language,
            "adult": "on",
        },
    )
    message = Message.objects.get(kind="account")
    assert message.language == language
    assert FIRST_LINES[language] in message.body_text
    assert " på ." not in message.body_text
    assert "/konto/confirm-email/" in message.body_text


def _render(template: str, language: str) -> str:
    context = {
        "activate_url": "https://x/a/",
        "password_reset_url": "https://x/r/",
        "signup_url": "https://x/s/",
        "email": "a@example.org",
        "from_email": "a@example.org",
        "to_email": "b@example.org",
        "deleted_email": "c@example.org",
        "timestamp": timezone.now(),
        "site_name": "selvhjelp",
        "site_domain": "x",
    }
    with translation.override(language):
        return render_to_string(template, context)


@pytest.mark.parametrize("template", SENT)
def test_each_account_message_is_written_in_nynorsk_and_english_too(template: str) -> None:
    nb, nn, en = (_render(template, language) for language in ("nb", "nn", "en"))
    assert nn != nb
    assert en != nb
    assert en != nn
    if template.endswith("_message.txt"):
        assert nn.startswith("Hei,")
        assert en.startswith("Hi,")


def test_every_message_allauth_sends_has_our_own_template() -> None:
    ours = {name.rsplit("/", 1)[1].rsplit("_", 1)[0] for name in SENT}
    assert {
        "email_confirmation",
        "email_confirmation_signup",
        "password_reset_key",
        "account_already_exists",
        "unknown_account",
        "email_changed",
        "email_confirm",
        "email_deleted",
        "password_changed",
        "password_reset",
        "password_set",
        "totp_activated",
        "totp_deactivated",
        "webauthn_added",
        "webauthn_removed",
        "recovery_codes_generated",
    } <= ours


@pytest.mark.django_db
def test_the_notice_to_an_old_address_belongs_to_the_account_so_erasure_takes_it(
    participant,
) -> None:
    """The "address changed" notice goes to the old address, which the account no longer has:
    it named both addresses and outlived the person's erasure."""
    from allauth.account.adapter import get_adapter
    from allauth.core.context import request_context
    from django.test import RequestFactory

    from selvhjelp.privacy.selectors import person_export
    from selvhjelp.privacy.services import person_erase

    request = RequestFactory().get("/")
    request.user = participant
    with request_context(request):
        get_adapter(request).send_notification_mail(
            "account/email/email_changed",
            participant,
            {"from_email": "gammel@example.org", "to_email": participant.email},
            email="gammel@example.org",
        )
    notice = Message.objects.get(to_email="gammel@example.org")
    assert notice.recipient == participant
    assert "selvhjelp_notified_user" not in notice.body_text
    assert "E-postadressen din er endret" in str(person_export(participant)["messages"])
    person_erase(user=participant)
    assert not Message.objects.filter(to_email="gammel@example.org").exists()
