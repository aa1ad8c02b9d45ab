"""The outbox benchmark's SMTP server (selvhjelp.lib.smtpsink) speaks SMTP as a client needs."""

from __future__ import annotations

import smtplib
import socket
import threading
from collections.abc import Iterator

import pytest

from selvhjelp.lib.smtpsink import Sink, _Conversation


@pytest.fixture
def sink() -> Iterator[int]:
    server = Sink(("127.0.0.1", 0), _Conversation)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_sink_takes_messages_one_after_another_over_one_connection(sink: int) -> None:
    with smtplib.SMTP("127.0.0.1", sink, timeout=5) as client:
        for n in range(3):
            body = f"Subject: {n}\r\n\r\nline\r\n.starts with a dot\r\n"
            assert client.sendmail("a@example.org", [f"b{n}@example.org"], body) == {}
        assert client.has_extn("pipelining")


def test_the_sink_answers_pipelined_commands_in_order(sink: int) -> None:
    with socket.create_connection(("127.0.0.1", sink), timeout=5) as connection:
        replies = connection.makefile("rb")
        assert replies.readline().startswith(b"220")
        connection.sendall(b"HELO me\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@x>\r\nDATA\r\n")
        assert [replies.readline()[:3] for _ in range(4)] == [b"250", b"250", b"250", b"354"]
        connection.sendall(b"Subject: s\r\n\r\nbody\r\n.\r\nQUIT\r\n")
        assert [replies.readline()[:3] for _ in range(2)] == [b"250", b"221"]
