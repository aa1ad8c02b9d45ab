"""One registry of personal data: every model that points at a person, holds a person's
address, or keeps user ids in JSON or a generic key, is in some part; the export shows each
part under its own name and labels every value."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models

from selvhjelp.accounts.models import User
from selvhjelp.demo import demo_load_if_empty
from selvhjelp.privacy.registry import PARTS, covered_models
from selvhjelp.privacy.selectors import EXPORTED_AT, person_export
from tests.privacy.scan import NO_USER_IDS_IN_JSON, USER_IDS_IN_JSON

# Models that point at the content types for a kind of data, not at one row of it.
KINDS_NOT_ROWS = {"auth.Permission"}
# Addresses of organisations, not of a person: a contact point's shared role address.
ROLE_ADDRESSES = {"contactpoints.ContactPoint.email"}
# Where a person is found without a foreign key: the session's signed data holds their id.
HELD_WITHOUT_A_KEY = {"sessions.Session"}


def _all_models() -> list[type[models.Model]]:
    return list(apps.get_models(include_auto_created=True))


def test_every_model_that_points_at_a_person_is_in_a_part() -> None:
    user_model = get_user_model()
    pointing = {
        model._meta.label
        for model in _all_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    }
    assert {"accounts.Consent", "groups.Membership", "decisions.Vote"} <= pointing
    assert sorted(pointing - covered_models()) == []


def test_every_model_with_a_generic_key_is_in_a_part() -> None:
    """A content type and an object id may point at an account (the admin's history does)."""
    generic = {
        model._meta.label
        for model in _all_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is ContentType
    }
    assert "admin.LogEntry" in generic
    assert sorted(generic - KINDS_NOT_ROWS - covered_models()) == []


def test_every_json_column_is_known_to_hold_user_ids_or_not() -> None:
    """A new JSON column fails here until someone decides whether user ids go into it."""
    json_columns = {
        f"{model._meta.label}.{field.name}"
        for model in _all_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField)
    }
    assert sorted(json_columns - set(USER_IDS_IN_JSON) - NO_USER_IDS_IN_JSON) == []
    assert sorted((set(USER_IDS_IN_JSON) | NO_USER_IDS_IN_JSON) - json_columns) == []


def test_the_json_columns_with_user_ids_are_in_a_part() -> None:
    holding = {label.rsplit(".", 1)[0] for label in USER_IDS_IN_JSON}
    assert sorted(holding - covered_models()) == []


def test_every_address_column_is_in_a_part() -> None:
    addresses = {
        (model._meta.label, f"{model._meta.label}.{field.name}")
        for model in _all_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField)
    }
    assert (
        sorted(
            column
            for model, column in addresses
            if column not in ROLE_ADDRESSES and model not in covered_models()
        )
        == []
    )


def test_what_is_held_without_a_key_is_in_a_part() -> None:
    assert sorted(HELD_WITHOUT_A_KEY - covered_models()) == []


def test_every_model_a_part_names_exists() -> None:
    labels = {model._meta.label for model in _all_models()}
    assert sorted(covered_models() - labels) == []


def test_every_part_has_a_name_of_its_own() -> None:
    names = [part.name for part in PARTS]
    assert len(names) == len(set(names))
    assert EXPORTED_AT not in names


@pytest.mark.django_db
def test_the_export_of_every_demo_person_has_every_part_and_labels_every_value() -> None:
    demo_load_if_empty()
    for user in User.objects.all():
        export = person_export(user)
        assert set(export) == {EXPORTED_AT, *(part.name for part in PARTS)}
        for part in PARTS:
            value = export[part.name]
            rows = [value] if isinstance(value, dict) else value
            assert isinstance(rows, list | None), part.name
            for row in rows or []:
                assert isinstance(row, dict)
                assert sorted(set(row) - set(part.labels)) == [], part.name
