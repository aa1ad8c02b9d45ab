"""The error summary above a form names each field and leads to it; a list of choices is tied
to its help and its error."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User

pytestmark = pytest.mark.django_db


def test_every_link_in_the_summary_leads_to_a_field_that_is_there_and_names_it(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    html = client_for(participant).post("/interesse/", {}).content.decode()
    summary = html[
        html.index("ds-error-summary") : html.index("</ul>", html.index("ds-error-summary"))
    ]
    links = re.findall(r'href="#([^"]+)">([^<]+)</a>', summary)
    assert links
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for target, text in links:
        assert target in ids, f"the summary leads to #{target}, which is not on the page"
        assert ":" in text, f"{text!r} does not say which field it is about"
    # A list of checkboxes is reached at its first box.
    assert "id_themes_0" in {target for target, _ in links}
    fieldset = re.search(r'<fieldset class="ds-fieldset" id="id_themes"([^>]*)>', html)
    assert fieldset is not None
    assert "id_themes_error" in fieldset.group(1)
    assert 'id="id_themes_error"' in html
