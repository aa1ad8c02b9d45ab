"""The wording a person agrees to, per purpose and version.

A new wording gets a new version; consents given to an older version stay valid for what
they covered, and the version tells exactly which text the person saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import ConsentPurpose


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    text: Promise


CURRENT: dict[str, ConsentText] = {
    ConsentPurpose.HEALTH_DATA: ConsentText(
        purpose=ConsentPurpose.HEALTH_DATA,
        version="2026-11-1",
        text=_(
            "Which themes you want to talk about, your interest in a group and the groups you "
            "belong to can say something about your health. We store this only to help you find "
            "a group and to run the groups you are part of. Only you, and the staff of the "
            "contact point that helps you, can see it. You can withdraw this consent at any "
            "time; what it covered is then deleted."
        ),
    ),
    ConsentPurpose.INTEREST: ConsentText(
        purpose=ConsentPurpose.INTEREST,
        version="2026-11-1",
        text=_(
            "The themes you choose say something about your health. We store them, with your "
            "municipality and the times that suit you, only to find or start a group for you. "
            "The coordinators and initiators of the contact point that covers your municipality "
            "see your display name and email address, so they can get in touch. The registration "
            "is deleted after 12 months unless you confirm it, and at once if you withdraw it."
        ),
    ),
}

# The same purpose asked on a group's public page, where the form asks nothing but "I am
# interested": its wording speaks only of that.
GROUP_INTEREST = ConsentText(
    purpose=ConsentPurpose.INTEREST,
    version="2026-12-group-1",
    text=_(
        "This group has a theme, so telling us you are interested in it says something about "
        "your health. We store it only so that the people who start the group can get in touch "
        "with you: they see your display name and email address. It is deleted when you join "
        "the group, and at once if you withdraw your consent."
    ),
)


def current_text(purpose: str) -> ConsentText:
    return CURRENT[purpose]
