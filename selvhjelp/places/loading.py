"""Loads counties and municipalities from Statistics Norway's classification (a CSV file)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLED = Path(__file__).resolve().parent / "data" / "municipalities.csv"
COLUMNS = {"municipality_code", "municipality_name", "county_code", "county_name"}


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    deactivated: int


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path} lacks the columns {sorted(missing)}")
        rows = [{key: (row[key] or "").strip() for key in COLUMNS} for row in reader]
    for row in rows:
        if not (row["municipality_code"].isdigit() and len(row["municipality_code"]) == 4):
            raise ValueError(f"Not a municipality code: {row['municipality_code']!r}")
        if not (row["county_code"].isdigit() and len(row["county_code"]) == 2):
            raise ValueError(f"Not a county code: {row['county_code']!r}")
    return rows


def load_places(
    rows: list[dict[str, str]], *, county_model: Any, municipality_model: Any
) -> LoadResult:
    """Bring the tables in line with the rows; running it twice changes nothing the second time.

    Takes the model classes so that a data migration can pass its historical models.
    """
    created = updated = 0
    counties = {}
    for code, name in sorted({(r["county_code"], r["county_name"]) for r in rows}):
        county, made = county_model.objects.get_or_create(code=code, defaults={"name": name})
        if not made and (county.name != name or not county.active):
            county.name, county.active = name, True
            county.save(update_fields=["name", "active"])
        counties[code] = county
    existing = {m.code: m for m in municipality_model.objects.all()}
    for row in rows:
        municipality = existing.get(row["municipality_code"])
        county = counties[row["county_code"]]
        if municipality is None:
            municipality_model.objects.create(
                code=row["municipality_code"], name=row["municipality_name"], county=county
            )
            created += 1
        elif (municipality.name, municipality.county_id, municipality.active) != (
            row["municipality_name"],
            county.id,
            True,
        ):
            municipality.name = row["municipality_name"]
            municipality.county = county
            municipality.active = True
            municipality.save(update_fields=["name", "county", "active"])
            updated += 1
    listed = {r["municipality_code"] for r in rows}
    deactivated = (
        municipality_model.objects.filter(active=True).exclude(code__in=listed).update(active=False)
    )
    county_model.objects.exclude(code__in=counties).update(active=False)
    return LoadResult(created=created, updated=updated, deactivated=deactivated)
