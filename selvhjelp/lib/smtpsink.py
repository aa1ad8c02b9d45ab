"""An SMTP server that takes every message and keeps none: the far end of the outbox benchmark.

    python -m selvhjelp.lib.smtpsink PORT

It speaks as much SMTP as a client that sends mail needs (EHLO or HELO, MAIL, RCPT, DATA with
its dot-terminated content, RSET, NOOP, QUIT), answers each command in the order it came, so
pipelined commands work too, and announces PIPELINING as mail servers do. A thread per
connection reads lines from a buffer; there is no parsing beyond the command's first word.
aiosmtpd, which the tests use to read what was sent, costs several times more processor time
per message, and on a machine of two cores that time is taken from the workers being measured.
"""

from __future__ import annotations

import socketserver
import sys

GREETING = b"220 sink ESMTP\r\n"
EHLO = b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 0\r\n"
OK = b"250 2.0.0 Ok\r\n"
GO_AHEAD = b"354 End data with <CR><LF>.<CR><LF>\r\n"
QUEUED = b"250 2.0.0 Ok: queued\r\n"
BYE = b"221 2.0.0 Bye\r\n"
END_OF_DATA = b".\r\n"


class _Conversation(socketserver.StreamRequestHandler):
    rbufsize = 1 << 16
    # Each reply goes out at once: held back for the acknowledgement of the one before
    # (Nagle's algorithm), pipelined replies would wait for the client's delayed ACK (40 ms).
    disable_nagle_algorithm = True

    def handle(self) -> None:
        send = self.request.sendall
        read = self.rfile.readline
        send(GREETING)
        while line := read():
            verb = line[:4].upper()
            if verb == b"EHLO":
                send(EHLO)
            elif verb == b"DATA":
                send(GO_AHEAD)
                while (content := read()) and content != END_OF_DATA:
                    pass
                send(QUEUED)
            elif verb == b"QUIT":
                send(BYE)
                return
            else:
                send(OK)


class Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(port: int) -> None:
    with Sink(("127.0.0.1", port), _Conversation) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
