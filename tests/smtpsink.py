"""A real SMTP server, in-process, for the tests; the outbox benchmark takes its free_port."""

from __future__ import annotations

import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox:
    """Collects every message the server accepts. With pipelining, the server announces that
    it takes pipelined commands (RFC 2920), as most mail servers do; addresses in `refuse` are
    refused at RCPT."""

    def __init__(self, *, pipelining: bool = False, refuse: frozenset[str] = frozenset()) -> None:
        self.pipelining = pipelining
        self.refuse = refuse
        self.messages: list[EmailMessage] = []
        # As they came over the wire, and what the client announced in MAIL FROM (8BITMIME).
        self.raw: list[bytes] = []
        self.mail_options: list[list[str]] = []
        self._lock = threading.Lock()

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such person here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)  # decode_data is off: the server keeps bytes
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self.messages.append(message)
            self.raw.append(envelope.content)
            self.mail_options.append(list(envelope.mail_options))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, port: int | None = None, mailbox: Mailbox | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = mailbox or Mailbox()
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages
