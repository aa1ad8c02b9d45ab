"""The name others see: normalised, and free of characters that hide or reorder text.

Names are shown to other members, so a name must look like what it is. NFKC folds look-alike
forms (full-width letters, ligatures) into plain ones; control and format characters (among them
the bidirectional overrides and zero-width characters) could make a name read as something else,
so they are refused rather than silently removed.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode categories that have no place in a name: controls, formats (bidi overrides,
# zero-width joiners), private use, surrogates, unassigned, and line and paragraph separators.
REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}


def display_name_clean(value: str) -> str:
    """The name as it will be shown: NFKC, single spaces; refused if it hides anything."""
    name = " ".join(unicodedata.normalize("NFKC", value).split())
    if any(unicodedata.category(char) in REFUSED_CATEGORIES for char in name):
        raise ValidationError(
            _("A name can only hold letters, digits, spaces and punctuation."), code="characters"
        )
    if not name:
        raise ValidationError(_("Please write a name others can call you."), code="required")
    return name
