"""Personal data, declared where it is kept: the type every app's `personal.py` uses, and the
account's own parts.

After pretix's data shredders: each app that keeps something about a person says, in one
module, which of its models hold it, how to export it and how to erase it. `privacy.registry`
lists every part; the export (`/profil/mine-data/`) and `privacy.services.person_erase` are
built from that list, and a test fails when a model that points at a person is in no part.

An export is a dict (one thing, or None when there is none) or a list of dicts (several), with
plain values: text, numbers, yes/no, dates and lists of text. It holds only the person's own
data: never another person's name or address. An erasure runs while the account still exists,
from the top layer down, and leaves nothing that leads back to the person; what others still
need (a meeting the person cancelled, a proposal they made) stays without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.consent import CURRENT
from selvhjelp.accounts.models import Consent, ConsentPurpose, Language, User

Value = str | int | bool | date | datetime | list[str] | list[int] | None
Row = dict[str, Value]
Exported = Row | list[Row] | None

# What stands where a person's name or address was, in text that others still need.
REDACTED = "[…]"


class Export(Protocol):
    def __call__(self, *, user: User) -> Exported: ...


class Erase(Protocol):
    def __call__(self, *, user: User, addresses: set[str]) -> None: ...


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data: its key in the export, its heading and purpose on the page,
    the models it covers ("app_label.ModelName"), and how to export and erase it.

    `labels` names each key of an exported row for the page. `erase` gets the addresses the
    person has verified, for rows kept by address rather than by account.
    """

    name: str
    title: Promise
    purpose: Promise
    models: tuple[str, ...]
    export: Export
    erase: Erase
    labels: Mapping[str, Promise] = field(default_factory=dict)


def verified_addresses(user: User) -> set[str]:
    """The addresses the person has shown are theirs. An address added but never verified may
    be someone else's, so nothing kept for it is touched."""
    return set(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def names_scrub(text: str, names: Iterable[str]) -> str:
    """The text with each name replaced where it stands as a whole word, in the same case
    ("Per", not "per uke", nor "Per-Arne", who is someone else). A name of one character is
    left alone: it would take letters out of every sentence."""
    for name in sorted({name.strip() for name in names}, key=len, reverse=True):
        if len(name) > 1:
            text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", REDACTED, text)
    return text


def traces_scrub(text: str, *, user: User, addresses: Iterable[str] = ()) -> str:
    """The text with the person's name and addresses (in any case) replaced, for text others
    still need."""
    for address in {user.email, *addresses}:
        if address:
            text = re.compile(re.escape(address), re.IGNORECASE).sub(REDACTED, text)
    return names_scrub(text, [user.display_name])


def choice_label(choices: Mapping[Any, object] | Iterable[tuple[Any, object]], value: Any) -> str:
    """The label of a stored choice in the reader's language (the value itself if unknown)."""
    return str(dict(choices).get(value, value))


# --- The account -----------------------------------------------------------------------------


def _account_export(*, user: User) -> Row:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "language": choice_label(Language.choices, user.language),
        "joined": user.date_joined,
        "last_login": user.last_login,
        "administrator": user.is_superuser,
    }


def _account_erase(*, user: User, addresses: set[str]) -> None:
    """The account's row itself goes last, in `person_erase`; its memberships of permission
    groups go here."""
    user.groups.clear()
    user.user_permissions.clear()


def _addresses_export(*, user: User) -> list[Row]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _addresses_erase(*, user: User, addresses: set[str]) -> None:
    # Their confirmations go with them.
    EmailAddress.objects.filter(user=user).delete()


def _sessions_of(user: User) -> list[Session]:
    """The person's sessions. The session table has no column for the person, so each is read."""
    pk = str(user.pk)
    return [
        session
        for session in Session.objects.iterator()
        if session.get_decoded().get(SESSION_KEY) == pk
    ]


AUTHENTICATOR_TYPES = {
    Authenticator.Type.TOTP: _("Code app"),
    Authenticator.Type.WEBAUTHN: _("Passkey or security key"),
    Authenticator.Type.RECOVERY_CODES: _("Recovery codes"),
}


def _sign_in_export(*, user: User) -> list[Row]:
    """How the person signs in, never the secrets; and where they are signed in now."""
    rows: list[Row] = [
        {
            "method": choice_label(AUTHENTICATOR_TYPES, authenticator.type),
            "created_at": authenticator.created_at,
            "last_used_at": authenticator.last_used_at,
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
    ]
    rows += [
        {"method": str(_("Signed in (a session)")), "expires_at": session.expire_date}
        for session in _sessions_of(user)
    ]
    return rows


def _sign_in_erase(*, user: User, addresses: set[str]) -> None:
    Authenticator.objects.filter(user=user).delete()
    Session.objects.filter(pk__in=[session.pk for session in _sessions_of(user)]).delete()


def _consents_export(*, user: User) -> list[Row]:
    rows: list[Row] = []
    for consent in Consent.objects.filter(user=user).order_by("given_at"):
        current = CURRENT.get(consent.purpose)
        shown = current is not None and current.version == consent.text_version
        rows.append(
            {
                "purpose": choice_label(ConsentPurpose.choices, consent.purpose),
                "version": consent.text_version,
                "wording": str(current.text) if current is not None and shown else None,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
        )
    return rows


def _consents_erase(*, user: User, addresses: set[str]) -> None:
    Consent.objects.filter(user=user).delete()


ADMIN_ACTIONS = {1: _("Added"), 2: _("Changed"), 3: _("Deleted")}


def _admin_history_export(*, user: User) -> list[Row]:
    """What the person did in the admin: when, what kind of thing, and the action. Not the
    object's name, which may be another person's."""
    return [
        {
            "at": entry.action_time,
            "action": choice_label(ADMIN_ACTIONS, entry.action_flag),
            "what": str(entry.content_type.name) if entry.content_type else None,
        }
        for entry in LogEntry.objects.filter(user=user)
        .select_related("content_type")
        .order_by("action_time")
    ]


def _admin_history_erase(*, user: User, addresses: set[str]) -> None:
    """The admin's history keeps that something was done, without the person: what they did
    goes, and their name and addresses are taken out of the entries about others' rows. An
    entry about the account itself keeps the action and its time, not which account it was."""
    LogEntry.objects.filter(user=user).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_id=None, object_repr=REDACTED)
    marks = [user.display_name, user.email, *addresses]
    mentioning = Q()
    for mark in marks:
        mentioning |= Q(object_repr__icontains=mark) | Q(change_message__icontains=mark)
    for entry in LogEntry.objects.filter(mentioning):
        repr_ = traces_scrub(entry.object_repr, user=user, addresses=addresses)
        message = traces_scrub(entry.change_message, user=user, addresses=addresses)
        if (repr_, message) != (entry.object_repr, entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_, change_message=message)


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="account",
        title=_("Your account"),
        purpose=_("So that you can sign in, and the others in a group know what to call you."),
        models=("accounts.User", "accounts.User_groups", "accounts.User_user_permissions"),
        export=_account_export,
        erase=_account_erase,
        labels={
            "email": _("Email address"),
            "display_name": _("Display name"),
            "language": _("Language"),
            "joined": _("Account made"),
            "last_login": _("Last signed in"),
            "administrator": _("Administrator"),
        },
    ),
    PersonalData(
        name="email_addresses",
        title=_("Email addresses"),
        purpose=_("The addresses tied to your account, and whether you have confirmed them."),
        models=("account.EmailAddress", "account.EmailConfirmation"),
        export=_addresses_export,
        erase=_addresses_erase,
        labels={
            "email": _("Email address"),
            "verified": _("Confirmed"),
            "primary": _("Used for signing in"),
        },
    ),
    PersonalData(
        name="sign_in",
        title=_("Signing in"),
        purpose=_(
            "Your ways of confirming that it is you, and where you are signed in now. The "
            "secrets themselves are not shown."
        ),
        models=("mfa.Authenticator", "sessions.Session"),
        export=_sign_in_export,
        erase=_sign_in_erase,
        labels={
            "method": _("What"),
            "created_at": _("Added"),
            "last_used_at": _("Last used"),
            "expires_at": _("Ends"),
        },
    ),
    PersonalData(
        name="consents",
        title=_("Consents"),
        purpose=_("What you have agreed to, which wording you saw, and when."),
        models=("accounts.Consent",),
        export=_consents_export,
        erase=_consents_erase,
        labels={
            "purpose": _("Covers"),
            "version": _("Version of the wording"),
            "wording": _("The wording"),
            "given_at": _("Given"),
            "withdrawn_at": _("Withdrawn"),
        },
    ),
    PersonalData(
        name="admin_history",
        title=_("Your work in the administration pages"),
        purpose=_("The administration pages keep a record of changes, so mistakes can be traced."),
        models=("admin.LogEntry",),
        export=_admin_history_export,
        erase=_admin_history_erase,
        labels={"at": _("When"), "action": _("Action"), "what": _("What kind of data")},
    ),
)
