"""Addresses of our pages, looked up once per process for each name, arguments and language.

Django's `reverse` matches the name against the patterns anew on every call, some 30–60 µs
each; the page of a group's meetings asks for 28 addresses, every page of a group for the
seven of its menu. The same name with the same arguments, in the same language and under the
same prefix and URLconf, always gives the same address, so each is looked up once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

MANY = 20_000  # addresses kept before starting over: some 5 MB
_known: dict[tuple[object, ...], str] = {}


@receiver(setting_changed)
def _forget(**kwargs: object) -> None:
    """Tests change the URLconf and the languages."""
    _known.clear()


def _plain(values: Sequence[object] | Mapping[str, object]) -> bool:
    """Only strings and whole numbers, whose text is the value itself, are kept by value."""
    items = values.values() if isinstance(values, Mapping) else values
    return all(type(value) in (str, int) for value in items)


def address(
    viewname: str,
    args: Sequence[object] = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """`reverse(viewname, args=…, kwargs=…)`, remembered. A name that matches nothing raises
    NoReverseMatch every time, as reverse does."""
    if not _plain(args) or (kwargs and not _plain(kwargs)):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        viewname,
        tuple(args),
        tuple(sorted(kwargs.items())) if kwargs else (),
        current_app,
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    found = _known.get(key)
    if found is None:
        found = reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
        if len(_known) >= MANY:
            _known.clear()
        _known[key] = found
    return found
