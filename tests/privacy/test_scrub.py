"""Taking a person's name and addresses out of text that others still need."""

from __future__ import annotations

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import REDACTED, names_scrub, traces_scrub


def test_a_name_goes_where_it_stands_as_a_whole_word_in_its_case() -> None:
    text = "Per kommer ikke. Vi møtes per uke, Per-Arne og Peru også. (Per)"
    assert names_scrub(text, ["Per"]) == (
        f"{REDACTED} kommer ikke. Vi møtes per uke, Per-Arne og Peru også. ({REDACTED})"
    )


def test_a_name_with_signs_in_it_is_taken_as_written() -> None:
    assert names_scrub("Hilsen Kari (Oslo).", ["Kari (Oslo)"]) == f"Hilsen {REDACTED}."
    assert names_scrub("a.b er ikke axb", ["a.b"]) == f"{REDACTED} er ikke axb"


def test_a_name_of_one_letter_is_left_alone() -> None:
    assert names_scrub("A er her, og B.", ["A", " "]) == "A er her, og B."


def test_an_address_goes_in_any_case_and_the_name_with_it() -> None:
    person = User(email="mari@example.org", display_name="Mari")
    text = "Skriv til MARI@Example.org eller annen@example.org, sa Mari."
    assert traces_scrub(text, user=person, addresses={"annen@example.org"}) == (
        f"Skriv til {REDACTED} eller {REDACTED}, sa {REDACTED}."
    )
