"""The model's fixed texts, in our own words: the six principles and the default compass."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Principle:
    title: Promise
    text: Promise


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        title=_("Speak from yourself"),
        text=_(
            "Say “I” when you talk about what you have lived and what you feel. Your own "
            "experience is what you know best, and it is what the others can recognise."
        ),
    ),
    Principle(
        title=_("Share what you need, at your own pace"),
        text=_(
            "Nobody has to tell more than they want. You choose what to share and when. "
            "Silence is also allowed."
        ),
    ),
    Principle(
        title=_("Be here and now"),
        text=_(
            "Practise noticing how you are right now, in this room, with these people. "
            "Yesterday and tomorrow can wait for a while."
        ),
    ),
    Principle(
        title=_("Dare to be seen"),
        text=_(
            "Take responsibility for your own needs and feelings. Say what you need from the "
            "group, so the others do not have to guess."
        ),
    ),
    Principle(
        title=_("Listen without giving advice"),
        text=_(
            "Listen to yourself and to the others. Advice easily tells someone what they should "
            "have done; listening gives room to find one's own way."
        ),
    ),
    Principle(
        title=_("Change starts from here"),
        text=_(
            "What has happened cannot be changed. What we do from now on can, a little at a time."
        ),
    ),
)

COMPASS_QUESTION = _("How am I right now?")

# Default words; coordinators will be able to replace them for their contact point.
COMPASS_RINGS: tuple[tuple[Promise, Promise, tuple[Promise, ...]], ...] = (
    (
        pgettext_lazy("compass ring", "Inner ring"),
        _("How I am, said from myself"),
        (
            pgettext_lazy("compass word", "feelings"),
            pgettext_lazy("compass word", "here and now"),
            pgettext_lazy("compass word", "I-language"),
            pgettext_lazy("compass word", "my own experience"),
            pgettext_lazy("compass word", "needs"),
        ),
    ),
    (
        pgettext_lazy("compass ring", "Middle ring"),
        _("What we can do and be for each other"),
        (
            pgettext_lazy("compass word", "listening"),
            pgettext_lazy("compass word", "respect"),
            pgettext_lazy("compass word", "trust"),
            pgettext_lazy("compass word", "warmth"),
            pgettext_lazy("compass word", "openness"),
            pgettext_lazy("compass word", "patience"),
            pgettext_lazy("compass word", "recognition"),
        ),
    ),
    (
        pgettext_lazy("compass ring", "Outer ring"),
        _("What does not help a good conversation"),
        (
            pgettext_lazy("compass word", "giving advice"),
            pgettext_lazy("compass word", "judging"),
            pgettext_lazy("compass word", "interrupting"),
            pgettext_lazy("compass word", "talking about others"),
            pgettext_lazy("compass word", "debating"),
            pgettext_lazy("compass word", "analysing"),
            pgettext_lazy("compass word", "comparing"),
            pgettext_lazy("compass word", "small talk"),
        ),
    ),
)
