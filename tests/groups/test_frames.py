"""The group agreement and the confidentiality declaration."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages

from selvhjelp.groups.forms import AgreementForm
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.frames import agreement_update, declaration_new_version
from selvhjelp.groups.services.handover import group_hand_over
from selvhjelp.lib.recurrence import OSLO
from tests.conftest import ready_for_hand_over

pytestmark = pytest.mark.django_db


def test_the_agreement_is_edited_freely_while_starting_and_then_only_by_decision(
    starting_group, add_member, make_user, participant, client_for
) -> None:
    add_member(starting_group, participant)
    client = client_for(participant)
    path = f"/grupper/{starting_group.code}/inne/avtale/"
    client.post(
        path,
        {"rhythm": "Annenhver uke", "length_minutes": "120", "has_break": "on", "place": "Rom 2"},
    )
    starting_group.agreement.refresh_from_db()
    assert starting_group.agreement.rhythm == "Annenhver uke"
    ready_for_hand_over(starting_group, [make_user("B")])
    group_hand_over(group=starting_group)
    client.post(path, {"rhythm": "Hver dag", "length_minutes": "120"})
    starting_group.agreement.refresh_from_db()
    assert starting_group.agreement.rhythm == "Hver uke"
    with pytest.raises(NotAllowed):
        agreement_update(group=starting_group, changes={"rhythm": "x"})
    agreement_update(group=starting_group, changes={"rhythm": "Hver 14. dag"}, by_decision=True)


def test_saving_an_agreement_the_hand_over_still_needs_more_of_says_what(
    starting_group, add_member, participant, client_for
) -> None:
    add_member(starting_group, participant)
    path = f"/grupper/{starting_group.code}/inne/avtale/"
    response = client_for(participant).post(
        path, {"rhythm": "Hver uke", "length_minutes": "120", "place": "Rom 2"}
    )
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told[0] == "Gruppeavtalen er lagret."
    assert told[1].startswith("Før overleveringen må du også fylle inn dette: ")
    notice = str(AgreementForm().fields["notice"].label)
    assert told[1] == f"Før overleveringen må du også fylle inn dette: {notice}."
    assert len(told) == 2
    filled = client_for(participant).post(
        path,
        {"rhythm": "Hver uke", "length_minutes": "120", "place": "Rom 2", "notice": "Dagen før"},
    )
    assert [str(m) for m in get_messages(filled.wsgi_request)] == ["Gruppeavtalen er lagret."]


def test_a_new_declaration_version_must_be_signed_again(
    starting_group, add_member, participant, client_for
) -> None:
    add_member(starting_group, participant)
    client = client_for(participant)
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 200
    declaration_new_version(group=starting_group, text="Ny tekst")
    for path in ("", "avtale/", "taushetserklaering/utskrift/"):
        response = client.get(f"/grupper/{starting_group.code}/inne/{path}")
        assert response["Location"] == f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    page = client.get(f"/grupper/{starting_group.code}/inne/taushetserklaering/")
    assert "Ny tekst" in page.content.decode()


def test_the_printable_page_lists_names_and_dates(
    starting_group, add_member, participant, client_for, initiator
) -> None:
    with time_machine.travel(datetime(2026, 11, 20, 18, tzinfo=OSLO), tick=False):
        add_member(starting_group, participant)
    html = (
        client_for(initiator)
        .get(f"/grupper/{starting_group.code}/inne/taushetserklaering/utskrift/")
        .content.decode()
    )
    assert "<tr><td>Mari</td><td>20. november 2026</td></tr>" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "straffeloven § 196"), ("nn", "straffelova § 196"), ("en", "section 196")],
)
def test_the_default_declaration_is_written_in_each_language(language: str, words: str) -> None:
    from selvhjelp.groups.services.frames import default_declaration

    text = default_declaration(language)
    assert words in text
    assert len(text) > 300
