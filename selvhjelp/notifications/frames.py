"""Email templates drawn once per language and shape of context, then filled in per message.

An email template here only prints values and asks whether they are set: it names a value
(`{{ group_url }}`, or in `{% blocktranslate %}`), translates fixed text, extends a base and
has `{% if value %}`. Such a template gives the same text for every message of a language,
but for the values it prints. So it is rendered once with a marker in place of each set value,
and a message is the kept text with its own values put in the markers' places, each converted
and escaped exactly as the template would have done it (`render_value_in_context`).

What decides the text besides the values is part of the key: the template itself (a new one,
after Django's cached loader forgot the old, is drawn anew), the active language, the names
in the context and which of them are unset. A template that does anything else with a value
(a filter, a lookup, a comparison, a plural) is rendered as usual each time.
"""

from __future__ import annotations

import re
from typing import Any

from django.template import Context, engines
from django.template.base import (
    FilterExpression,
    Node,
    NodeList,
    TextNode,
    Variable,
    VariableNode,
    render_value_in_context,
)
from django.template.base import Template as CompiledTemplate
from django.template.defaulttags import AutoEscapeControlNode, IfNode, LoadNode, TemplateLiteral
from django.template.loader import render_to_string
from django.template.loader_tags import BlockNode, ExtendsNode
from django.templatetags.i18n import BlockTranslateNode, GetCurrentLanguageNode, TranslateNode
from django.utils import translation

# A marker: its number, and "<" so that an escaped place ("&lt;") is told from a raw one.
_MARKER = re.compile("\x00([0-9]+)(<|&lt;)\x00")
_KEPT_AT_MOST = 2000

# One part of a kept text: fixed text, or (the value's name, whether it is HTML-escaped).
Part = str | tuple[str, bool]
_kept: dict[tuple[str, str | None, tuple[tuple[str, str | None], ...]], tuple[object, Any]] = {}
_ESCAPED = Context(autoescape=True)
_RAW = Context(autoescape=False)


def frame_render(template_name: str, context: dict[str, Any]) -> str:
    """The template rendered with this context, as `render_to_string` would give it."""
    template = engines["django"].engine.get_template(template_name)  # type: ignore[attr-defined]
    shape = tuple(sorted((name, None if value else repr(value)) for name, value in context.items()))
    key = (template_name, translation.get_language(), shape)
    kept = _kept.get(key)
    if kept is None or kept[0] is not template:
        kept = (template, _draw(template, context))
        if len(_kept) >= _KEPT_AT_MOST:
            _kept.clear()
        _kept[key] = kept
    parts: list[Part] | None = kept[1]
    if parts is None:
        return render_to_string(template_name, context)
    return "".join(
        part
        if isinstance(part, str)
        else render_value_in_context(context[part[0]], _ESCAPED if part[1] else _RAW)
        for part in parts
    )


def _draw(template: CompiledTemplate, context: dict[str, Any]) -> list[Part] | None:
    """The template's text with the places of the context's set values, or None when the
    template does more with its values than print them."""
    if not _prints_only(template.nodelist, template):
        return None
    names = [name for name, value in context.items() if value]
    markers = {name: f"\x00{number}<\x00" for number, name in enumerate(names)}
    text = template.render(Context({**context, **markers}))
    parts: list[Part] = []
    end = 0
    for found in _MARKER.finditer(text):
        parts.append(text[end : found.start()])
        parts.append((names[int(found[1])], found[2] == "&lt;"))
        end = found.end()
    parts.append(text[end:])
    if any("\x00" in part for part in parts if isinstance(part, str)):
        return None
    return [part for part in parts if part != ""]


def _plain_name(expression: Any) -> bool:
    """A value named alone, or a fixed string: no filter, no lookup through a dot."""
    if expression.filters:
        return False
    variable = expression.var
    return isinstance(variable, str) or (
        isinstance(variable, Variable)
        and (variable.literal is not None or len(variable.lookups or ()) == 1)
    )


def _fixed(expression: Any) -> bool:
    return expression is None or (not expression.filters and isinstance(expression.var, str))


def _prints_only(nodes: NodeList, template: CompiledTemplate) -> bool:
    return all(_node_prints_only(node, template) for node in nodes)


def _node_prints_only(node: Node, template: CompiledTemplate) -> bool:
    if isinstance(node, TextNode | LoadNode | GetCurrentLanguageNode):
        return True
    if isinstance(node, VariableNode):
        return _plain_name(node.filter_expression)
    if isinstance(node, TranslateNode):
        # Only fixed text: a value given to {% translate %} would itself be translated.
        variable = node.filter_expression.var
        return (
            node.asvar is None
            and not node.filter_expression.filters
            and isinstance(variable, Variable)
            and variable.literal is not None
            and _fixed(node.message_context)
        )
    if isinstance(node, BlockTranslateNode):
        return (
            not node.plural
            and node.asvar is None
            and _fixed(node.message_context)
            and all(_plain_name(value) for value in node.extra_context.values())
        )
    if isinstance(node, AutoEscapeControlNode | BlockNode):
        return _prints_only(node.nodelist, template)
    if isinstance(node, IfNode):
        return all(
            (condition is None or isinstance(condition, TemplateLiteral))
            and (condition is None or _plain_name(condition.value))
            and _prints_only(nodelist, template)
            for condition, nodelist in node.conditions_nodelists
        )
    if isinstance(node, ExtendsNode):
        name = node.parent_name
        if not isinstance(name, FilterExpression) or name.filters or not isinstance(name.var, str):
            return False
        parent = name.var
        base = template.engine.get_template(parent)
        return _prints_only(node.nodelist, template) and _prints_only(base.nodelist, base)
    return False
