from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.forms import ModelMultipleChoiceField, Select
from django.forms.renderers import BaseRenderer, TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class FormRenderer(TemplatesSetting):
    """Every `{{ form }}` renders with an error summary and Designsystemet fields."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class QuickSelect(Select):
    """A select for long lists (357 municipalities): the options are written directly instead
    of through one template each, which makes the page several times faster to render."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return self.select_html(widget, widget["optgroups"])

    def select_html(self, widget: dict[str, Any], optgroups: list[Any]) -> SafeString:
        opening = format_html("<select{}>", flatatt(widget["attrs"] | {"name": widget["name"]}))
        return mark_safe(opening + self.options_html(optgroups) + "</select>")  # noqa: S308

    def options_html(self, optgroups: list[Any]) -> SafeString:
        parts = []
        for group_name, options, _index in optgroups:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                )
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        return mark_safe("".join(parts))  # noqa: S308


class RowsField(ModelMultipleChoiceField):
    """Django's choice of several rows, refusing ids that no database column can hold.

    Django keeps a lookup by one out-of-range integer from reaching the database, but not a
    list of them, and SQLite answers such a list with an OverflowError (a 500)."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                self._refuse_beyond_the_column(pk)
        return super().clean(value)

    def _refuse_beyond_the_column(self, pk: Any) -> None:
        queryset = self.queryset
        assert queryset is not None
        meta = queryset.model._meta
        key = meta.pk if self.to_field_name is None else meta.get_field(self.to_field_name)
        if not isinstance(key, models.IntegerField):
            return
        low, high = connections[queryset.db].ops.integer_field_range(key.get_internal_type())
        try:
            number = int(pk)
        except (TypeError, ValueError):
            return  # Django's own check names it invalid.
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValidationError(
                self.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": pk},
            )
