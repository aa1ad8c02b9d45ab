from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selvhjelp.reflection.models import CompassWord, Scale


class ReflectionForm(forms.Form):
    """The words that fit how the group talked: any of the compass words in use, or none."""

    word = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, words: Iterable[CompassWord], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        word = self.fields["word"]
        assert isinstance(word, forms.TypedMultipleChoiceField)
        word.choices = [(compass_word.pk, compass_word.text) for compass_word in words]


class EvaluationForm(forms.Form):
    safe = forms.TypedChoiceField(
        label=_("I feel safe to share in the group"),
        choices=Scale.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    time = forms.TypedChoiceField(
        label=_("I get enough time"), choices=Scale.choices, coerce=int, widget=forms.RadioSelect
    )
    language = forms.TypedChoiceField(
        label=_("We speak from ourselves (I-language) and do not give advice"),
        choices=Scale.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    notice = forms.TypedChoiceField(
        label=_("We tell each other when we cannot come"),
        choices=Scale.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    change = forms.CharField(
        label=_("What do we want to change? (optional)"),
        help_text=_(
            "Shown to the group without your name when the self-evaluation has closed, if at "
            "least three have answered. Write about how the group works, not about anyone in it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
    )


class CompassEditForm(forms.Form):
    inner = forms.CharField(
        label=_("Inner ring (one word or phrase per line)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
    )
    middle = forms.CharField(
        label=_("Middle ring (one per line)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=2000,
    )
    outer = forms.CharField(
        label=_("Outer ring (one per line)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=2000,
    )

    def rings(self) -> dict[str, list[str]]:
        return {
            ring: [
                line.strip()[:60] for line in self.cleaned_data[ring].splitlines() if line.strip()
            ][:12]
            for ring in ("inner", "middle", "outer")
        }
