"""The sign-in backends: Django's and allauth's, with the person read by a prepared query.

Every signed-in request reads its person after its session. Through the ORM, building that
one query cost more than running it (lib/prepared.py); signing in, permissions and everything
else stay the backends' own. Sessions written before these names (accounts/sessions.py) are
read as written by these.
"""

from __future__ import annotations

from typing import Any

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model

from selvhjelp.lib.prepared import Prepared

_person = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk), int)


class _PreparedPerson:
    def get_user(self, user_id: Any) -> Any:
        if type(user_id) is not int:  # as the session holds it, after the key's to_python
            return super().get_user(user_id)  # type: ignore[misc]
        found = _person(user_id)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_PreparedPerson, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_PreparedPerson, allauth_backends.AuthenticationBackend):
    pass
