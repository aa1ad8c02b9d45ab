"""Everything the platform holds about a person, for them to read and take with them (GDPR
art. 15 and 20), built from every part of `privacy.registry`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import Exported, Row
from selvhjelp.pages.dates import DATE, clock, written
from selvhjelp.privacy.registry import PARTS

EXPORTED_AT = "exported_at"


def person_export(user: User) -> dict[str, Exported | datetime]:
    """One entry per part, by its name, and when the export was made."""
    export: dict[str, Exported | datetime] = {EXPORTED_AT: timezone.now()}
    for part in PARTS:
        export[part.name] = part.export(user=user)
    return export


@dataclass(frozen=True)
class Section:
    """One part of the export as the page shows it."""

    name: str
    title: Promise
    purpose: Promise
    rows: list[list[tuple[str, str]]]


def shown(value: object) -> str:
    """A value as the page writes it: dates in Oslo time, yes and no, lists with commas."""
    if value is None or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return f"{written(value, DATE)}, {clock(value)}"
    if isinstance(value, date):
        return written(value, DATE)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def person_export_sections(export: dict[str, Exported | datetime]) -> list[Section]:
    """The export as headed sections of labelled values, in the order of the parts."""
    sections = []
    for part in PARTS:
        value = export[part.name]
        items: list[Row] = []
        if isinstance(value, dict):
            items = [value]
        elif isinstance(value, list):
            items = value
        rows = [
            [(str(part.labels.get(key, key)), shown(item[key])) for key in item] for item in items
        ]
        sections.append(Section(part.name, part.title, part.purpose, rows))
    return sections
