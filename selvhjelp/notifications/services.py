"""The one way the platform tells people things: rows in the outbox, sent by the worker."""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from email.charset import QP, Charset
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.lib.languages import address_in
from selvhjelp.notifications.frames import frame_render
from selvhjelp.notifications.kinds import KINDS
from selvhjelp.notifications.models import Message, MessageState, OptOut

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
# Messages one worker claims and sends over one SMTP connection at a time.
BATCH = 200
# Sent messages are written down together, every so many or after so many seconds; a worker
# that dies may send these again (outbox_deliver). Ten keeps that to a few duplicate emails
# after a crash, and the writes to a tenth of one a message.
RECORD_EVERY = 10
RECORD_AFTER = 1.0
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
    message = _queue(
        kind=kind,
        dedupe_key=dedupe_key,
        to_email=to_email,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        recipient=recipient,
        headers=headers,
        unless_opted_out=False,
    )
    assert message is not None  # only an opt-out leaves a message out, and none is asked
    return message


def _columns() -> list[Any]:
    """The message's fields that an insert gives values for (all but the id)."""
    return [column for column in Message._meta.concrete_fields if not column.primary_key]


def _quoted(column: Any) -> str:
    return str(connection.ops.quote_name(column.column))


def _insert_sql(vendor: str) -> tuple[str, list[Any]]:
    """One statement that queues a message unless the person has turned its kind off or its
    dedupe key is queued already, and gives back its id (or nothing).

    It takes the place of a query for the opt-out, a savepoint, the insert and its release:
    a conflict on the dedupe key is skipped, not raised, so the caller's transaction goes on.
    """
    fields = _columns()
    # PostgreSQL gives the values of a SELECT their own types before it inserts them: each
    # value is cast to its column's type. SQLite takes them as they come.
    places = [
        f"%s::{column.db_type(connection)}" if vendor == "postgresql" else "%s" for column in fields
    ]
    opt_out = OptOut._meta
    # Names come from the models, every value is a parameter.
    return (
        f"INSERT INTO {connection.ops.quote_name(Message._meta.db_table)} "  # noqa: S608
        f"({', '.join(_quoted(column) for column in fields)}) "
        f"SELECT {', '.join(places)} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {connection.ops.quote_name(opt_out.db_table)} "
        f"WHERE {_quoted(opt_out.get_field('user'))} = %s "
        f"AND {_quoted(opt_out.get_field('kind'))} = %s) "
        f"ON CONFLICT ({_quoted(Message._meta.get_field('dedupe_key'))}) DO NOTHING "
        f"RETURNING {_quoted(Message._meta.pk)}",
        fields,
    )


_INSERTS: dict[str, tuple[str, list[Any]]] = {}


def _message(
    *,
    kind: str,
    dedupe_key: str,
    to_email: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str,
    recipient: User | None,
    headers: dict[str, str] | None,
) -> Message:
    if kind not in KINDS:
        raise ValueError(f"Unknown message kind {kind!r}")
    now = timezone.now()
    return Message(
        public_id=uuid.uuid4(),
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=recipient,
        to_email=to_email,
        language=language,
        subject=" ".join(subject.split())[:200],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        next_attempt_at=now,
        created_at=now,
    )


def _values(message: Message, fields: list[Any]) -> list[Any]:
    return [
        column.get_db_prep_save(getattr(message, column.attname), connection) for column in fields
    ]


def _queue(*, unless_opted_out: bool, **fields: Any) -> Message | None:
    """Queue one message in one statement; None when the recipient has turned its kind off
    (asked only with unless_opted_out), the message already queued under its key otherwise."""
    message = _message(**fields)
    recipient, kind = message.recipient, message.kind
    asks = unless_opted_out and recipient is not None and not KINDS[kind].essential
    vendor = connection.vendor
    if vendor not in _INSERTS:
        _INSERTS[vendor] = _insert_sql(vendor)
    sql, columns = _INSERTS[vendor]
    # A person id of NULL matches no opt-out: messages that cannot be turned off always go.
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_values(message, columns), recipient.pk if asks else None, kind])  # type: ignore[union-attr]
        row = cursor.fetchone()
    if row is not None:
        message.pk = row[0]
        message._state.adding = False
        message._state.db = connection.alias
        return message
    if asks and OptOut.objects.filter(user=recipient, kind=kind).exists():
        return None
    existing = Message.objects.filter(dedupe_key=message.dedupe_key).first()
    if existing is None:
        raise IntegrityError(f"Message {message.dedupe_key!r} was neither queued nor found")
    return existing


def links_in_language(context: dict[str, Any], language: str) -> dict[str, Any]:
    """Links to our pages lead to the page in this language (the sender may use another)."""
    site = settings.SITE_URL + "/"
    return {
        key: address_in(value, language)
        if isinstance(value, str) and value.startswith(site)
        else value
        for key, value in context.items()
    }


def render_message(*, kind: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text and HTML of a kind of message, written in the given language."""
    with translation.override(language):
        return _render(kind, links_in_language(context, language))


def _render(kind: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """The message in the active language, its links already in that language."""
    # The subject sees no context at all: nothing about a group or theme can reach it.
    subject = frame_render(f"notifications/{kind}/subject.txt", {}).strip()
    full_context = {
        **context,
        "site_url": settings.SITE_URL,
        "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    body_text = frame_render(f"notifications/{kind}/body.txt", full_context).strip()
    body_html = frame_render(f"notifications/{kind}/body.html", full_context).strip()
    return f"selvhjelp: {subject}", body_text, body_html


def notify(
    *, recipient: User, kind: str, dedupe_key: str, context: dict[str, Any] | None = None
) -> Message | None:
    """Render a message of this kind in the recipient's language and queue it.

    Call it inside the transaction of the event it tells about. Returns None when the person
    has turned this kind off.
    """
    return _queue(
        **_rendered_for(recipient=recipient, kind=kind, dedupe_key=dedupe_key, context=context),
        unless_opted_out=True,
    )


@dataclass(frozen=True)
class Notice:
    """One person to tell, for notify_many."""

    recipient: User
    dedupe_key: str
    context: dict[str, Any] = field(default_factory=dict)


NOTIFY_MANY_ROWS = 500


def notify_many(*, kind: str, notices: Iterable[Notice]) -> int:
    """notify() for many people at once, as when a group's members are all told: one query
    for who has turned the kind off, then one insert for every NOTIFY_MANY_ROWS messages.

    Call it inside the transaction of the event. Returns how many of them get the message
    (queued now or under its key before): all but those who have turned it off.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown message kind {kind!r}")
    notices = list(notices)
    turned_off: set[int] = set()
    if not KINDS[kind].essential and notices:
        turned_off = set(
            OptOut.objects.filter(
                kind=kind, user__in=[notice.recipient.pk for notice in notices]
            ).values_list("user_id", flat=True)
        )
    messages = [
        _message(
            **_rendered_for(
                recipient=notice.recipient,
                kind=kind,
                dedupe_key=notice.dedupe_key,
                context=notice.context,
            )
        )
        for notice in notices
        if notice.recipient.pk not in turned_off
    ]
    fields = _columns()
    for start in range(0, len(messages), NOTIFY_MANY_ROWS):
        rows = messages[start : start + NOTIFY_MANY_ROWS]
        row = f"({', '.join(['%s'] * len(fields))})"
        sql = (
            f"INSERT INTO {connection.ops.quote_name(Message._meta.db_table)} "  # noqa: S608
            f"({', '.join(_quoted(column) for column in fields)}) "
            f"VALUES {', '.join([row] * len(rows))} "
            f"ON CONFLICT ({_quoted(Message._meta.get_field('dedupe_key'))}) DO NOTHING"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for message in rows for value in _values(message, fields)])
    return len(messages)


def _rendered_for(
    *, recipient: User, kind: str, dedupe_key: str, context: dict[str, Any] | None
) -> dict[str, Any]:
    """The fields of a message of this kind to this person, written in their language."""
    if kind not in KINDS:
        raise ValueError(f"Unknown message kind {kind!r}")
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        unsubscribe = None if KINDS[kind].essential else unsubscribe_url(recipient, kind)
        subject, body_text, body_html = _render(
            kind,
            {
                **links_in_language(context or {}, language),
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
    return {
        "kind": kind,
        "dedupe_key": dedupe_key,
        "recipient": recipient,
        "to_email": recipient.email,
        "language": language,
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
        "headers": headers,
    }


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


def outbox_claim(*, worker: str, limit: int = BATCH) -> list[Message]:
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


def _sending(
    message: Message, email: EmailMultiAlternatives, connection: Any, sender: str
) -> Callable[[], object]:
    """How to send the email, with its bytes built here and now.

    Through SMTP, what is left for the sender thread is only talk over the network (the same
    steps as Django's SMTP backend takes for one message, the sender's address sanitised once
    for the batch); any other backend sends it as usual.
    """
    smtp = getattr(connection, "connection", None)
    if not isinstance(connection, SmtpBackend) or smtp is None:
        return email.send
    encoding = email.encoding or settings.DEFAULT_CHARSET
    recipients = [sanitize_address(address, encoding) for address in email.recipients()]
    mime = email.message()
    if mime.is_multipart():
        # Every part is quoted-printable, where "=" only starts "=XX" or a soft line break:
        # "=_" can never occur in a part, so the boundary needs no search (Python's own search
        # compiles a new regular expression for each email).
        mime.set_boundary(f"=_{message.public_id.hex}")
    data = mime.as_bytes(linesep="\r\n")  # type: ignore[call-arg]
    if smtp.has_extn("pipelining"):
        return partial(_send_pipelined, smtp, sender, recipients, data)
    return partial(smtp.sendmail, sender, recipients, data)


_LEADING_DOT = re.compile(rb"(?m)^\.")


def _send_pipelined(smtp: smtplib.SMTP, sender: str, recipients: list[str], data: bytes) -> None:
    """smtplib's sendmail in two round trips where the server takes pipelined commands
    (RFC 2920): MAIL, RCPT and DATA go out together, then the content. It raises as sendmail
    does, and leaves the connection ready for the next message (or closed after a 421)."""
    size = f" SIZE={len(data)}" if smtp.has_extn("size") else ""
    commands = [
        f"MAIL FROM:{smtplib.quoteaddr(sender)}{size}",
        *(f"RCPT TO:{smtplib.quoteaddr(recipient)}" for recipient in recipients),
        "DATA",
    ]
    smtp.send("".join(f"{command}\r\n" for command in commands))
    # Every reply is read before anything is decided, so that none is left for the next message.
    mail, *accepted, go_ahead = (smtp.getreply() for _ in commands)
    refused = {
        recipient: reply
        for recipient, reply in zip(recipients, accepted, strict=True)
        if reply[0] not in (250, 251)
    }
    if go_ahead[0] == 354 and (mail[0] != 250 or len(refused) == len(recipients)):
        # A server that said yes to DATA with nothing to send it to gets an empty message.
        smtp.send(b".\r\n")
        smtp.getreply()
    codes = [mail[0], go_ahead[0], *(reply[0] for reply in accepted)]
    problem: smtplib.SMTPException
    if mail[0] != 250:
        problem = smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
    elif len(refused) == len(recipients):
        problem = smtplib.SMTPRecipientsRefused(refused)
    elif go_ahead[0] != 354:
        problem = smtplib.SMTPDataError(*go_ahead)
    else:
        content = _LEADING_DOT.sub(b"..", data)
        smtp.send(content + (b"" if content.endswith(b"\r\n") else b"\r\n") + b".\r\n")
        done = smtp.getreply()
        if done[0] == 250:
            return
        codes.append(done[0])
        problem = smtplib.SMTPDataError(*done)
    if 421 in codes:
        smtp.close()
    else:
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            smtp.rset()
    raise problem


def _sent(message: Message, sending: Future[object], worker: str) -> bool:
    """Wait for one message's SMTP conversation; a failure is written down at once, a success
    is left to the caller (which writes several together)."""
    try:
        sending.result()
    except smtplib.SMTPRecipientsRefused as error:
        _failed(message, worker, error, permanent=True)
    except (OSError, smtplib.SMTPException) as error:
        _failed(message, worker, error, permanent=False)
    else:
        return True
    return False


class _SentLater:
    """Messages the server has taken, written down as sent together: every RECORD_EVERY
    messages or RECORD_AFTER seconds, whichever comes first, and at the end of the batch."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self.ids: list[int] = []
        self.since = 0.0

    def add(self, message: Message) -> None:
        if not self.ids:
            self.since = time.monotonic()
        self.ids.append(message.id)
        if len(self.ids) >= RECORD_EVERY or time.monotonic() - self.since >= RECORD_AFTER:
            self.write()

    def write(self) -> None:
        if not self.ids:
            return
        Message.objects.filter(
            id__in=self.ids, claimed_by=self.worker, state=MessageState.SENDING
        ).update(claimed_by="", claimed_until=None, state=MessageState.SENT, sent_at=timezone.now())
        self.ids = []


def outbox_deliver(*, worker: str | None = None, limit: int = BATCH) -> int:
    """Send one batch of due messages over one connection; returns how many were handled.

    A sender thread talks to the SMTP server while this thread builds the next message and
    writes down the one before, so neither waits for the other. Sent messages are written down
    together (see _SentLater), so a worker that dies (killed, or its machine gone) may send
    again the messages it sent since it last wrote: at most RECORD_EVERY, and none sent more
    than RECORD_AFTER seconds before. Any other end of the batch, an error too, writes them
    down first. A failure is written down at once.
    """
    worker = worker or secrets.token_hex(8)
    messages = outbox_claim(worker=worker, limit=limit)
    if not messages:
        return 0
    if settings.SELVHJELP_EMAIL_KEEP:
        Message.objects.filter(
            id__in=[m.id for m in messages], claimed_by=worker, state=MessageState.SENDING
        ).update(claimed_by="", claimed_until=None, state=MessageState.KEPT, sent_at=timezone.now())
        return len(messages)
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        # Greeted here, before the sender thread starts, so that what the server takes
        # (pipelining) is known for the first message too.
        if isinstance(getattr(connection, "connection", None), smtplib.SMTP):
            connection.connection.ehlo_or_helo_if_needed()  # type: ignore[attr-defined]
    except (OSError, smtplib.SMTPException) as error:
        log.warning("The email server cannot be reached (%s); will retry", type(error).__name__)
        for message in messages:
            _failed(message, worker, error, permanent=False)
        return len(messages)
    sent = _SentLater(worker)
    # With the email's own encoding, as Django's SMTP backend sanitises it.
    from_address = sanitize_address(settings.DEFAULT_FROM_EMAIL, QUOTED_PRINTABLE)  # type: ignore[arg-type]
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="smtp") as sender:
            in_flight: tuple[Message, Future[object]] | None = None
            for message in messages:
                email = _as_email(message, connection)
                sending = sender.submit(_sending(message, email, connection, from_address))
                if in_flight and _sent(*in_flight, worker):
                    sent.add(in_flight[0])
                in_flight = (message, sending)
            if in_flight and _sent(*in_flight, worker):
                sent.add(in_flight[0])
    finally:
        sent.write()
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
