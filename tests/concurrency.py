"""Running one action from many threads at the same moment, for the tests of the locks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from django.db import close_old_connections, connection

T = TypeVar("T")
R = TypeVar("R")


def at_once(action: Callable[[T], R], inputs: Sequence[T]) -> list[R | Exception]:
    """Call the action once per input, each in its own thread, all released together; each
    thread closes its database connection. Returns, in input order, what each call returned
    or the exception it raised."""
    barrier = threading.Barrier(len(inputs))
    results: dict[int, R | Exception] = {}

    def run(index: int, value: T) -> None:
        try:
            barrier.wait()
            results[index] = action(value)
        except Exception as error:
            results[index] = error
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=run, args=(index, value)) for index, value in enumerate(inputs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[index] for index in range(len(inputs))]


def database_url() -> str:
    """The test database, as a URL that other processes (workers, servers) can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
