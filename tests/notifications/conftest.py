from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.smtpsink import Mailbox, SmtpServer, free_port


def _use_smtp(settings, port: int) -> None:
    settings.SELVHJELP_EMAIL_KEEP = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture(params=[False, True], ids=["one command at a time", "pipelined"])
def smtp_server(settings, request: pytest.FixtureRequest) -> Iterator[SmtpServer]:
    """The email server, once as a server that takes one command at a time and once as one
    that takes them pipelined (the worker then sends MAIL, RCPT and DATA together)."""
    server = SmtpServer(mailbox=Mailbox(pipelining=request.param)).start()
    _use_smtp(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings) -> int:
    """Email settings that point at a port where nothing listens; returns the port."""
    port = free_port()
    _use_smtp(settings, port)
    return port
