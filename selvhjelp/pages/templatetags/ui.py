"""Template helpers that render Django form fields with Designsystemet's markup."""

from __future__ import annotations

from django import template
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect

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
