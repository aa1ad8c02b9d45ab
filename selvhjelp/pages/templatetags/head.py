"""The page's head: a block's text kept once and used twice (the title, and Open Graph's), and
structured data."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Context) -> str:
        # The blocks inside are escaped as they render; spaces from the templates are folded.
        text = " ".join(self.nodelist.render(context).split())
        context[self.name] = mark_safe(text)  # noqa: S308 (rendered by the template, escaped)
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """`{% capture as name %}…{% endcapture %}`: render the inside into a variable, show nothing.

    Blocks may sit inside, so a child template still fills them."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# What must not appear raw inside a <script> element (as Django's json_script escapes it).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data: dict[str, object]) -> str:
    """Structured data as a JSON-LD data block: the browser never runs it, so the CSP has no
    say over it and it needs no nonce."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # No <, > or & is left in the text, so nothing in it can end the element.
    safe = mark_safe(text)  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', safe)
