"""Several app servers behind HAProxy, and several workers, on one machine.

`scripts/scaleout` runs it for people (docs/operations.md, "Scale-out"); the scale-out tests and
benchmarks use `scale_out` directly. Every process gets the same environment: DATABASE_URL
(PostgreSQL) and REDIS_URL (the shared cache: login limits, kept pages) must be in it, so that
what one server counts or forgets, the others see.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from selvhjelp.lib.benchmark import free_port, gunicorn_command, port_wait

HAPROXY = """\
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option forwardfor
frontend selvhjelp
    bind 127.0.0.1:{port}
    default_backend servers
backend servers
    balance roundrobin
{servers}
"""


@dataclass
class ScaleOut:
    front: str
    servers: list[str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)


def haproxy_config(port: int, server_ports: list[int]) -> str:
    """HAProxy in front of the servers, taking turns, adding X-Forwarded-For."""
    lines = [f"    server app{n} 127.0.0.1:{p} check" for n, p in enumerate(server_ports, 1)]
    return HAPROXY.format(port=port, servers="\n".join(lines))


def _start(
    command: list[str], environment: Mapping[str, str], stack: ExitStack
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, env=dict(environment))  # noqa: S603

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    stack.callback(stop)
    return process


@contextmanager
def scale_out(
    environment: Mapping[str, str],
    *,
    servers: int = 2,
    workers: int = 2,
    processes: int = 2,
    port: int = 0,
) -> Iterator[ScaleOut]:
    """Start `servers` gunicorn servers of `processes` processes each, `workers` background
    workers and HAProxy in front on `port` (a free one by default); stop them all at the end.

    The database must be migrated and the static files collected (`selvhjelp serve` does both).
    """
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    environment = {**environment, "SELVHJELP_TRUSTED_PROXIES": "1"}
    with ExitStack() as stack:
        ports = [free_port() for _ in range(servers)]
        started = []
        for server_port in ports:
            command = gunicorn_command(
                "selvhjelp.wsgi:application", bind=f"127.0.0.1:{server_port}", workers=processes
            )
            # A machine shared with other work can take longer than gunicorn's default 30 s
            # for a process's first request (it imports what the settings name).
            command += ["--timeout", "120"]
            started.append(_start(command, environment, stack))
        for _ in range(workers):
            worker = [sys.executable, "-m", "selvhjelp.cli", "worker"]
            started.append(_start(worker, environment, stack))
        for server_port, process in zip(ports, started, strict=False):
            if not port_wait(server_port, seconds=90, process=process):
                raise RuntimeError(f"The app server on port {server_port} did not start")
        # HAProxy only once the servers listen: a server whose first health check fails is
        # out of the rotation until it passes twice more, and HAProxy answers 503 meanwhile.
        front = port or free_port()
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="selvhjelp-ha-")))
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(front, ports))
        started.append(_start([haproxy, "-db", "-f", str(config)], environment, stack))
        if not port_wait(front, seconds=30, process=started[-1]):
            raise RuntimeError("HAProxy did not start")
        yield ScaleOut(
            front=f"http://127.0.0.1:{front}",
            servers=[f"http://127.0.0.1:{p}" for p in ports],
            processes=started,
        )
