"""The one way the platform tells people things: rows in the outbox, sent by the worker."""

from __future__ import annotations

import contextlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.charset import QP, Charset
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.notifications.kinds import KINDS
from selvhjelp.notifications.models import Message, MessageState, OptOut

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
UNSUBSCRIBE_SALT = "selvhjelp.notifications.unsubscribe"
QUOTED_PRINTABLE = Charset("utf-8")
QUOTED_PRINTABLE.body_encoding = QP


def outbox_queue(
    *,
    kind: str,
    dedupe_key: str,
    to_email: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    recipient: User | None = None,
    headers: dict[str, str] | None = None,
) -> Message:
    """Put one rendered message in the outbox; the same dedupe key never queues twice."""
    if kind not in KINDS:
        raise ValueError(f"Unknown message kind {kind!r}")
    subject = " ".join(subject.split())
    try:
        with transaction.atomic():
            return Message.objects.create(
                kind=kind,
                dedupe_key=dedupe_key,
                recipient=recipient,
                to_email=to_email,
                language=language,
                subject=subject[:200],
                body_text=body_text,
                body_html=body_html,
                headers=headers or {},
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is None:
            raise
        return existing


def wants(user: User, kind: str) -> bool:
    if KINDS[kind].essential:
        return True
    return not OptOut.objects.filter(user=user, kind=kind).exists()


def render_message(*, kind: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text and HTML of a kind of message, written in the given language."""
    with translation.override(language):
        # The subject sees no context at all: nothing about a group or theme can reach it.
        subject = render_to_string(f"notifications/{kind}/subject.txt", {}).strip()
        full_context = {
            **context,
            "site_url": settings.SITE_URL,
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        }
        body_text = render_to_string(f"notifications/{kind}/body.txt", full_context).strip()
        body_html = render_to_string(f"notifications/{kind}/body.html", full_context).strip()
    return f"selvhjelp: {subject}", body_text, body_html


def notify(
    *, recipient: User, kind: str, dedupe_key: str, context: dict[str, Any] | None = None
) -> Message | None:
    """Render a message of this kind in the recipient's language and queue it.

    Call it inside the transaction of the event it tells about. Returns None when the person
    has turned this kind off.
    """
    if not wants(recipient, kind):
        return None
    language = recipient.language or settings.LANGUAGE_CODE
    unsubscribe = None if KINDS[kind].essential else unsubscribe_url(recipient, kind)
    subject, body_text, body_html = render_message(
        kind=kind,
        language=language,
        context={
            **(context or {}),
            "recipient_name": recipient.display_name,
            "unsubscribe_url": unsubscribe,
        },
    )
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return outbox_queue(
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=recipient,
        to_email=recipient.email,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers,
    )


def notify_address(
    *, to_email: str, language: str, kind: str, dedupe_key: str, context: dict[str, Any]
) -> Message:
    """An essential message to an address that may not have an account yet (an invitation)."""
    if not KINDS[kind].essential:
        raise ValueError("Only essential messages go to addresses without preferences")
    recipient = User.objects.filter(email__iexact=to_email).first()
    if recipient is not None:
        language = recipient.language
    subject, body_text, body_html = render_message(
        kind=kind,
        language=language,
        context={**context, "recipient_name": recipient.display_name if recipient else ""},
    )
    return outbox_queue(
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=recipient,
        to_email=to_email,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
    )


# --- Unsubscribing ------------------------------------------------------------------------


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: User, kind: str) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    return settings.SITE_URL + path


@dataclass(frozen=True)
class UnsubscribeTarget:
    user: User
    kind: str


def unsubscribe_target(token: str) -> UnsubscribeTarget | None:
    """The person and kind a signed link stands for, or None when it is forged or stale."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    kind = data.get("k")
    if kind not in KINDS or KINDS[kind].essential:
        return None
    user_id = data.get("u")
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return UnsubscribeTarget(user=user, kind=kind)


def preferences_set(*, user: User, enabled: set[str], offered: set[str]) -> None:
    """Turn each optional kind that was offered to the person on or off."""
    optional = {name for name in offered if name in KINDS and not KINDS[name].essential}
    with transaction.atomic():
        OptOut.objects.filter(user=user, kind__in=enabled & optional).delete()
        for kind in sorted(optional - enabled):
            OptOut.objects.get_or_create(user=user, kind=kind)


def opt_out(*, user: User, kind: str) -> None:
    if KINDS[kind].essential:
        raise ValueError("Security messages cannot be turned off")
    OptOut.objects.get_or_create(user=user, kind=kind)


# --- Delivery -----------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4 … minutes between attempts, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))


def _due() -> Q:
    now = timezone.now()
    return Q(state=MessageState.QUEUED, next_attempt_at__lte=now) | Q(
        state=MessageState.SENDING, claimed_until__lt=now
    )


def outbox_claim(*, worker: str, limit: int = 50) -> list[Message]:
    """Take up to `limit` due messages for this worker; no other worker gets the same ones.

    On PostgreSQL, SKIP LOCKED lets workers take different rows side by side. The update is
    conditional on the row still being due, so a row taken by someone else is left alone on
    any database (on SQLite, immediate transactions already serialise the writers).
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Message.objects.filter(_due())
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return []
        Message.objects.filter(_due(), id__in=ids).update(
            state=MessageState.SENDING,
            claimed_by=worker,
            claimed_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
    return list(Message.objects.filter(id__in=ids, claimed_by=worker, state=MessageState.SENDING))


def message_id(message: Message) -> str:
    """The same Message-ID on every attempt, so a retry is known as the same message."""
    domain = urlsplit(settings.SITE_URL).hostname or "selvhjelp.local"
    return f"<{message.public_id}@{domain}>"


def _as_email(message: Message, connection: Any) -> EmailMultiAlternatives:
    headers = {
        **message.headers,
        "Message-ID": message_id(message),
        "Content-Language": message.language,
        "Auto-Submitted": "auto-generated",
    }
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers=headers,
        connection=connection,
    )
    # Quoted-printable keeps æøå in 7-bit lines, which any server passes on unchanged, even
    # one that does not take 8-bit bodies (8BITMIME).
    email.encoding = QUOTED_PRINTABLE
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def _finish(message: Message, worker: str, **fields: Any) -> None:
    Message.objects.filter(id=message.id, claimed_by=worker, state=MessageState.SENDING).update(
        claimed_by="", claimed_until=None, **fields
    )


def _failed(message: Message, worker: str, error: Exception, *, permanent: bool) -> None:
    reason = f"{type(error).__name__}: {getattr(error, 'smtp_code', '')}".strip(": ")
    if permanent or message.attempts >= MAX_ATTEMPTS:
        log.warning(
            "Message %s failed for good after %s attempts", message.public_id, message.attempts
        )
        _finish(message, worker, state=MessageState.FAILED, last_error=reason)
    else:
        _finish(
            message,
            worker,
            state=MessageState.QUEUED,
            next_attempt_at=timezone.now() + backoff(message.attempts),
            last_error=reason,
        )


def outbox_deliver(*, worker: str | None = None, limit: int = 50) -> int:
    """Send one batch of due messages; returns how many were handled."""
    worker = worker or secrets.token_hex(8)
    messages = outbox_claim(worker=worker, limit=limit)
    if not messages:
        return 0
    if settings.SELVHJELP_EMAIL_KEEP:
        for message in messages:
            _finish(message, worker, state=MessageState.KEPT, sent_at=timezone.now())
        return len(messages)
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        log.warning("The email server cannot be reached (%s); will retry", type(error).__name__)
        for message in messages:
            _failed(message, worker, error, permanent=False)
        return len(messages)
    try:
        for message in messages:
            try:
                _as_email(message, connection).send()
            except smtplib.SMTPRecipientsRefused as error:
                _failed(message, worker, error, permanent=True)
            except (OSError, smtplib.SMTPException) as error:
                _failed(message, worker, error, permanent=False)
            else:
                _finish(message, worker, state=MessageState.SENT, sent_at=timezone.now())
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    return len(messages)


def outbox_expire() -> int:
    """Delete delivered messages after the retention period, failed ones a while later."""
    now = timezone.now()
    keep = timedelta(days=settings.SELVHJELP_OUTBOX_KEEP_DAYS)
    deleted, _ = Message.objects.filter(
        Q(state__in=[MessageState.SENT, MessageState.KEPT], created_at__lt=now - keep)
        | Q(state=MessageState.FAILED, created_at__lt=now - 3 * keep)
    ).delete()
    return deleted


def messages_erase(*, addresses: set[str]) -> None:
    """Erasure: messages to any of a person's addresses, also those queued before the address
    was tied to the account (the rest go with the account)."""
    for address in addresses:
        Message.objects.filter(to_email__iexact=address).delete()
