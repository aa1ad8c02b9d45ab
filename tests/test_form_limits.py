"""Every text a person can type has a maximum length, checked by the form (and so never 1 MB)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import selvhjelp

# allauth's signup form has a username field that it drops: our accounts have no username.
NOT_SHOWN = {("selvhjelp.accounts.forms", "SignupForm", "username")}


def _forms() -> list[tuple[str, type[forms.Form | forms.ModelForm]]]:
    found = []
    for module in pkgutil.walk_packages(selvhjelp.__path__, "selvhjelp."):
        if not module.name.endswith(".forms"):
            continue
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.Form | forms.ModelForm) and cls.__module__ == loaded.__name__:
                found.append((loaded.__name__, cls))
    return found


def test_the_forms_are_found() -> None:
    names = {cls.__name__ for _module, cls in _forms()}
    assert {"AgreementForm", "SignupForm", "SeriesForm", "InterestForm"} <= names


def test_every_text_field_of_every_form_has_a_maximum_length() -> None:
    unlimited = [
        (module, cls.__name__, name)
        for module, cls in _forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and not field.max_length
        and (module, cls.__name__, name) not in NOT_SHOWN
    ]
    assert unlimited == []
