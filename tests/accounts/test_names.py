"""Display names are normalised and may not hide or reorder what they say."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.accounts.models import User
from selvhjelp.accounts.names import REFUSED_CATEGORIES, display_name_clean

RLO = "\u202e"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("  Kari   Nordmann ", "Kari Nordmann"),
        ("Ｋａｒｉ", "Kari"),  # full-width letters
        ("ﬁne", "fine"),  # a ligature
        ("Åse Ødegård", "Åse Ødegård"),
        ("Kari\u2028Nordmann", "Kari Nordmann"),  # a line separator is only a space
    ],
)
def test_names_are_normalised(typed: str, shown: str) -> None:
    assert display_name_clean(typed) == shown


@pytest.mark.parametrize(
    "typed",
    [f"Kari{RLO}rotanidrook", "Ka\u200bri", "Kari\u0000", "\u2066Kari\u2069", "Kari\ue000"],
)
def test_names_that_hide_or_reorder_text_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        display_name_clean(typed)
    assert refused.value.code == "characters"


@given(st.text(max_size=80))
def test_whatever_is_typed_a_kept_name_has_no_refused_character(typed: str) -> None:
    try:
        name = display_name_clean(typed)
    except ValidationError:
        return
    assert name == name.strip()
    assert name
    assert not any(unicodedata.category(char) in REFUSED_CATEGORIES for char in name)


@pytest.mark.django_db
def test_the_profile_refuses_a_name_with_a_direction_override(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    response = client_for(participant).post(
        "/profil/", {"display_name": f"Kari{RLO}rotanidrook", "language": "nb"}
    )
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["display_name"]] == [
        "characters"
    ]
    participant.refresh_from_db()
    assert RLO not in participant.display_name
