"""allauth's adapter: a new account's name and language, the landing page after signing in (in
the person's language), what the limit on wrong passwords counts by, and allauth's messages
(verification, password reset) sent through our outbox like every other message.

The texts of those messages are ours (templates/account/email and templates/mfa/email), in our
catalogs: allauth has no nynorsk, and a text missing from a catalog falls back to bokmål."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from selvhjelp.accounts.models import User
from selvhjelp.lib.languages import address_in
from selvhjelp.notifications.kinds import ACCOUNT
from selvhjelp.notifications.services import outbox_queue

SITE_NAME = "selvhjelp"


@dataclass(frozen=True)
class Site:
    """What allauth's templates ask of a site: its name and its address."""

    name: str
    domain: str


# Where send_notification_mail tells send_mail whose account a notice is about.
NOTIFIED = "selvhjelp_notified_user"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        user.language = form.cleaned_data["language"]
        if commit:
            user.save()
        return user

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The wrong passwords for an address are counted by the address alone.

        allauth puts the request's host in front, port and all: each server behind a proxy,
        and each `Host: name:port` a guesser cares to send (Django accepts any port of an
        allowed host), would count four tries of its own.
        """
        return str(credentials.get("email", credentials.get("username", ""))).strip().lower()

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        """A person lands in their own language, also when they signed in from another one."""
        response = super().post_login(request, user, **kwargs)
        if response.has_header("Location") and user.language:
            response["Location"] = address_in(response["Location"], user.language)
        return response

    def send_notification_mail(
        self,
        template_prefix: str,
        user: Any,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """A notice about an account belongs to that account, also when it goes to an address
        the account no longer has (the old one, when the address changed): so the person's
        export shows it and erasure takes it."""
        super().send_notification_mail(
            template_prefix, user, {**(context or {}), NOTIFIED: user}, email
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages go through the outbox too, in the recipient's language."""
        recipient = User.objects.filter(email__iexact=email).first()
        if recipient is None:
            # A new address that is being added to an account.
            address = EmailAddress.objects.filter(email__iexact=email).select_related("user")
            recipient = next((a.user for a in address[:1]), None)
        notified = context.pop(NOTIFIED, None)
        if recipient is None and isinstance(notified, User):
            recipient = notified
        language = (
            recipient.language
            if recipient is not None
            else (translation.get_language() or "nb")[:2]
        )
        with translation.override(language):
            # allauth's own send_mail would add the site; ours names it in every case, also
            # when no request is at hand. Links were made in the language of the page that
            # asked; they lead to the recipient's.
            domain = urlsplit(settings.SITE_URL).netloc
            context = {
                "email": email,
                "site_name": SITE_NAME,
                "site_domain": domain,
                "current_site": Site(name=SITE_NAME, domain=domain),
                **{
                    key: address_in(value, language)
                    if key.endswith("_url") and isinstance(value, str)
                    else value
                    for key, value in context.items()
                },
            }
            if "request" not in context:
                context["request"] = allauth_context.request
            rendered = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(rendered, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        outbox_queue(
            kind=ACCOUNT.name,
            dedupe_key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            recipient=recipient,
            to_email=email,
            language=language,
            subject=rendered.subject,
            body_text=rendered.body,
            body_html=html,
        )
