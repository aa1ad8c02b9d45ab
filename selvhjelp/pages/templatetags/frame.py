"""The page's frame: parts of every page that depend on nothing but the page's language (the
footer, the main menu's links), drawn once per language by each process and then copied.

Drawing them took a tenth of a signed-in page (eleven address lookups and some twenty
translations for the same few lines every time).
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MANY = 20  # languages times settings changes (in tests) kept before starting over
_settings_changes = 0


@receiver(setting_changed)
def _settings_changed(**kwargs: object) -> None:
    """Tests change settings (static files, languages): what was drawn before may differ."""
    global _settings_changes
    _settings_changes += 1


class SameForLanguageNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        # Kept on the node, so a template loaded anew (in development) draws anew.
        self.drawn: dict[tuple[str, int], SafeString] = {}

    def render(self, context: Context) -> str:
        key = (translation.get_language() or "", _settings_changes)
        text = self.drawn.get(key)
        if text is None:
            if len(self.drawn) > MANY:
                self.drawn.clear()
            # Rendered by the template, escaped as it rendered.
            text = self.drawn[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return text


@register.tag
def same_for_language(parser: Parser, token: Token) -> SameForLanguageNode:
    """`{% same_for_language %}…{% endsame_for_language %}`: the inside may use translations,
    addresses and static files, never a variable of the request or the page."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("same_for_language takes no arguments")
    nodelist = parser.parse(("endsame_for_language",))
    parser.delete_first_token()
    return SameForLanguageNode(nodelist)
