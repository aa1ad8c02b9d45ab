from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from selvhjelp.accounts.consent import ConsentText, current_text
from selvhjelp.accounts.models import Consent, User


def consent_give(*, user: User, purpose: str, text: ConsentText | None = None) -> Consent:
    """Record that the person agreed to the wording shown (the purpose's current one unless
    another is given)."""
    text = text or current_text(purpose)
    with transaction.atomic():
        # Lock the person's row so two submissions cannot both create an active consent.
        User.objects.select_for_update().filter(pk=user.pk).first()
        active = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
        existing = active.first()
        if existing and existing.text_version == text.version:
            return existing
        now = timezone.now()
        active.update(withdrawn_at=now)
        return Consent.objects.create(
            user=user, purpose=purpose, text_version=text.version, given_at=now
        )


def consent_withdraw(*, user: User, purpose: str) -> bool:
    """Withdraw the person's active consent for this purpose; True when there was one."""
    withdrawn = Consent.objects.filter(
        user=user, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    return withdrawn > 0


def consent_is_given(*, user: User, purpose: str) -> bool:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def user_update_profile(*, user: User, display_name: str, language: str) -> User:
    """Change the name others see and the language the platform speaks to the person in."""
    user.display_name = display_name
    user.language = language
    user.save(update_fields=["display_name", "language"])
    return user


def sessions_expire() -> None:
    """The periodic job: delete sessions past their expiry. Django refuses them but leaves them
    in the table (with who was signed in, and when) unless something clears them."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
