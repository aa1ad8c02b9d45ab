from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils.translation import gettext_lazy

from selvhjelp.accounts.consent import current_text
from selvhjelp.accounts.models import Consent, ConsentPurpose, User
from selvhjelp.accounts.services import consent_give, consent_is_given, consent_withdraw

pytestmark = pytest.mark.django_db
HEALTH = ConsentPurpose.HEALTH_DATA


def test_giving_consent_records_what_which_wording_and_when(participant: User) -> None:
    consent = consent_give(user=participant, purpose=HEALTH)
    assert consent.purpose == HEALTH
    assert consent.text_version == current_text(HEALTH).version
    assert consent.given_at is not None
    assert consent_is_given(user=participant, purpose=HEALTH)


def test_giving_it_twice_keeps_one_active_consent(participant: User) -> None:
    first = consent_give(user=participant, purpose=HEALTH)
    second = consent_give(user=participant, purpose=HEALTH)
    assert first.pk == second.pk
    assert Consent.objects.filter(user=participant).count() == 1


def test_withdrawal_is_recorded_and_ends_the_consent(participant: User) -> None:
    consent_give(user=participant, purpose=HEALTH)
    assert consent_withdraw(user=participant, purpose=HEALTH) is True
    assert not consent_is_given(user=participant, purpose=HEALTH)
    assert Consent.objects.get(user=participant).withdrawn_at is not None
    assert consent_withdraw(user=participant, purpose=HEALTH) is False


def test_a_new_wording_replaces_the_old_consent_and_keeps_the_history(
    participant: User, monkeypatch
) -> None:
    from selvhjelp.accounts import consent as texts

    consent_give(user=participant, purpose=HEALTH)
    newer = texts.ConsentText(purpose=HEALTH, version="2099-1", text=gettext_lazy("new words"))
    monkeypatch.setitem(texts.CURRENT, HEALTH, newer)
    consent_give(user=participant, purpose=HEALTH)
    versions = list(
        Consent.objects.filter(user=participant)
        .order_by("given_at", "pk")
        .values_list("text_version", "withdrawn_at")
    )
    assert versions[0][1] is not None
    assert versions[1] == ("2099-1", None)


def test_the_database_refuses_two_active_consents_for_one_purpose(participant: User) -> None:
    consent_give(user=participant, purpose=HEALTH)
    with pytest.raises(IntegrityError):
        Consent.objects.create(
            user=participant, purpose=HEALTH, text_version="x", given_at="2026-01-01T00:00Z"
        )
