from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from selvhjelp.places.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_the_migration_loads_all_357_municipalities_in_15_counties() -> None:
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    oslo = Municipality.objects.get(code="0301")
    assert (oslo.name, oslo.county.name) == ("Oslo", "Oslo")
    assert Municipality.objects.get(code="5501").county.code == "55"


def test_loading_the_same_file_again_changes_nothing(capsys) -> None:
    call_command("places_update")
    assert "0 new, 0 changed, 0 no longer listed" in capsys.readouterr().out


def test_a_newer_file_renames_adds_and_retires_by_code(tmp_path: Path, capsys) -> None:
    newer = tmp_path / "newer.csv"
    newer.write_text(
        "municipality_code,municipality_name,county_code,county_name\n"
        "0301,Oslo kommune,03,Oslo\n"
        "9999,Nykommune,03,Oslo\n"
    )
    call_command("places_update", str(newer))
    assert "1 new, 1 changed, 356 no longer listed" in capsys.readouterr().out
    assert Municipality.objects.get(code="0301").name == "Oslo kommune"
    assert Municipality.objects.get(code="9999").active
    assert not Municipality.objects.get(code="1103").active
    call_command("places_update")
    assert Municipality.objects.get(code="1103").active
    assert Municipality.objects.filter(active=True).count() == 357


def test_a_broken_file_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("code,name\n0301,Oslo\n")
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("places_update", str(broken))
    assert Municipality.objects.filter(active=True).count() == 357
