"""The `selvhjelp` command.

selvhjelp serve [--demo] [--host H] [--port P] [--workers N] [--no-worker]
selvhjelp worker [--until-empty]       the background worker alone
selvhjelp demo                         load demonstration data into an empty database
selvhjelp bench-outbox | bench-directory   the benchmarks (see --help of each)
selvhjelp <django command> …           any other management command (migrate, shell …)

Everything but `serve` is a Django management command, so `manage.py worker` works too. A
hyphen in a command's name stands for an underscore: `bench-outbox` runs `bench_outbox`.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence

SETTINGS = "selvhjelp.settings"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def prepare(*, demo: bool) -> None:
    """Bring the database and static files up to date; with demo, fill an empty database."""
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        from selvhjelp.demo import demo_load_if_empty

        if demo_load_if_empty():
            print("Loaded demonstration data.")


def _print_demo_logins() -> None:
    from selvhjelp.demo import demo_logins_text

    if logins := demo_logins_text():
        print(f"\n{logins}", end="")


def _wait_for_port(host: str, port: int, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    connect_host = "127.0.0.1" if host in {"0.0.0.0", ""} else host.strip("[]")  # noqa: S104
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((connect_host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def _port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


def site_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches the server at."""
    if host in {"0.0.0.0", ""}:  # noqa: S104
        host = "127.0.0.1"
    elif host == "::":
        host = "[::1]"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def serve(args: argparse.Namespace) -> int:
    started = time.monotonic()
    if not _port_is_free(args.host, args.port):
        print(
            f"Port {args.port} on {args.host} is already in use. "
            "Stop the other server or choose another port with --port.",
            file=sys.stderr,
        )
        return 1
    # Links in emails and calendars point where this server listens, unless told otherwise.
    os.environ.setdefault("SELVHJELP_SITE_URL", site_url(args.host, args.port))
    _django_setup()
    prepare(demo=args.demo)
    bind = f"{args.host}:{args.port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "selvhjelp.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(args.workers),
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    children = [subprocess.Popen(command, env=environment)]  # noqa: S603
    web = children[0]
    if args.worker:
        worker = [sys.executable, "-m", "selvhjelp.cli", "worker"]
        children.append(subprocess.Popen(worker, env=environment))  # noqa: S603

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    try:
        if not _wait_for_port(args.host, args.port, web, seconds=30):
            print(f"The web server did not start on {bind}.", file=sys.stderr)
            stop(signal.SIGTERM, None)
            return 1
        host = "127.0.0.1" if args.host in {"0.0.0.0", ""} else args.host  # noqa: S104
        print(f"\nselvhjelp is ready at http://{host}:{args.port}/ ", end="")
        print(f"(started in {time.monotonic() - started:.1f} s; stop with Ctrl-C)")
        if args.demo:
            _print_demo_logins()
        from django.conf import settings

        if settings.SELVHJELP_EMAIL_KEEP:
            print(
                "\nNo EMAIL_URL is set, so emails are kept instead of sent. An administrator "
                f"can read them at http://{host}:{args.port}/admin/notifications/message/"
            )
        elif not args.worker:
            print("\nNo worker runs here (--no-worker): run `selvhjelp worker` elsewhere.")
        sys.stdout.flush()
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping …", flush=True)
    finally:
        stop(signal.SIGTERM, None)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        print("selvhjelp has stopped.", flush=True)
    return 0


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="selvhjelp serve", description="Run selvhjelp.")
    parser.add_argument("--demo", action="store_true", help="load demonstration data if empty")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--workers", type=int, default=2, help="web server processes (at least 2; default 2)"
    )
    parser.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="do not run the background worker here (run `selvhjelp worker` elsewhere)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = arguments[0], arguments[1:]
    if command == "serve":
        args = _serve_parser().parse_args(rest)
        if args.workers < 2:
            _serve_parser().error("--workers must be at least 2")
        return serve(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    if not command.startswith("-"):
        # Django's commands are modules, whose names cannot carry hyphens; ours may be typed so.
        command = command.replace("-", "_")
    execute_from_command_line(["selvhjelp", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
