"""A date in the admin's address that no calendar has gives the list without the filter, not a
server error."""

from __future__ import annotations

import pytest

from selvhjelp.accounts.models import User
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/groups/group/?created_at__year=-1",
        "/admin/groups/group/?created_at__year=99999999999999999999",
        "/admin/notifications/message/?created_at__year=9999",
        "/admin/notifications/message/?created_at__year=99999999999999999999",
        "/admin/audit/auditentry/?at__year=0",
    ],
)
def test_a_year_no_calendar_has_leads_to_the_list_without_it(path: str, admin_user: User) -> None:
    client = signed_in(admin_user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == path.split("?")[0] + "?e=1"
    assert client.get(response["Location"]).status_code == 200


def test_a_year_that_is_fine_is_kept(admin_user: User) -> None:
    response = signed_in(admin_user).get("/admin/groups/group/?created_at__year=2026")
    assert response.status_code == 200
