from typing import Any

from django.forms import Select
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
        parts = [format_html("<select{}>", flatatt(widget["attrs"] | {"name": widget["name"]}))]
        for group_name, options, _index in widget["optgroups"]:
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
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))  # noqa: S308
