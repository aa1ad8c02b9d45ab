"""Schemathesis sends the API generated requests from its own OpenAPI document, through the whole
WSGI application: no answer may be a 5xx, and every answer must match the document (status,
content type, body). Examples are few per operation so that CI stays quick."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as examples
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, GroupFormat, GroupState
from selvhjelp.opendata.api import api
from tests.conftest import meet_weekly

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


pytestmark = pytest.mark.django_db

# The document the API serves at /api/v1/openapi.json, answered by the whole WSGI application.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _one_transaction() -> Iterator[None]:
    """Keep the test's connection (and its transaction) open across requests, as Django's test
    client does; a plain WSGI request closes it when it finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def some_groups(settings, make_group: Callable[..., Group], contact_point: ContactPoint) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 1_000_000
    contact_point.visit_street = "Grønlandsleiret 25"
    contact_point.visit_postcode = "0190"
    contact_point.visit_place = "Oslo"
    contact_point.save()
    meet_weekly(make_group("Sorg", contact_point=contact_point))
    make_group("Angst på nett", themes=("angst",), format=GroupFormat.VIDEO)
    make_group("Sorg i nord", municipality="5501", state=GroupState.PAUSED)


@schema.parametrize()
@examples(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_within_its_own_description(case) -> None:
    case.call_and_validate(checks=CHECKS)
