"""Template helpers: Django form fields with Designsystemet's markup, and dates as each
language writes them."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect

from selvhjelp.pages.dates import DATE, DAY, DAY_TIME, clock, written

register = template.Library()


@register.filter
def is_check(field: BoundField) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def is_choice_list(field: BoundField) -> bool:
    return isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter
def ds_widget(field: BoundField) -> str:
    """The field's widget with the design system's class and links to its help and errors."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    attrs: dict[str, str | bool] = {"class": "ds-input"}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def day(value: date | datetime | None) -> str:
    """ "torsdag 4. desember" / "Thursday 4 December"."""
    return written(value, DAY)


@register.filter(name="clock")
def clock_filter(value: datetime | None) -> str:
    """ "18:00": the time of day in Oslo."""
    return clock(value)


@register.filter
def day_time(value: datetime | None) -> str:
    """ "torsdag 4. desember kl. 18:00" / "Thursday 4 December at 18:00"."""
    return written(value, DAY_TIME)


@register.filter
def long_date(value: date | datetime | None) -> str:
    """ "4. desember 2026" / "4 December 2026"."""
    return written(value, DATE)
