"""The statistics as files for the yearly report: one CSV, and an Excel workbook with one sheet
per table. Both hold exactly what the page shows: a hidden figure is written as its words
("fewer than 3", "hidden"), never as its number; the first lines (the first sheet) say which
period and whose statistics they are, and the rule for small numbers."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from selvhjelp.statistics.selectors import Figure, Report, Table


def rule_text() -> str:
    return _(
        'Numbers of people or groups from 1 to 2 are shown as "fewer than 3". Where a total '
        "would let such a number be worked out, one or more other figures are shown as "
        '"hidden" as well.'
    )


def _about(report: Report) -> list[tuple[str, str]]:
    return [
        (_("Statistics for"), report.scope),
        (_("Period"), report.period.label),
        (_("First day"), report.period.start.isoformat()),
        (_("Last day"), report.period.end.isoformat()),
        (_("Small numbers"), rule_text()),
    ]


def _lines(table: Table) -> list[tuple[str, Figure]]:
    lines = list(table.rows)
    if table.total is not None:
        lines.append((_("Total"), table.total))
    return lines


# A spreadsheet takes a cell that begins with one of these for a formula. Names come from people
# (a theme a coordinator suggests, in any of its languages), so no text may begin a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: object) -> object:
    """A text as a spreadsheet shows it and never runs it: one that begins as a formula gets an
    apostrophe in front, which spreadsheets read as "this is text"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def report_csv(report: Report) -> str:
    """One CSV: the description first, then a row per figure (table, what, figure)."""
    out = io.StringIO()
    writer = csv.writer(out)

    def row(*cells: object) -> None:
        writer.writerow([as_text(cell) for cell in cells])

    for label, value in _about(report):
        row("", label, value)
    row(_("Table"), _("What"), _("Figure"))
    for table in report.tables:
        for label, figure in _lines(table):
            row(table.title, label, figure.text)
    return out.getvalue()


def _append_text(sheet: Worksheet, cells: list[object]) -> None:
    """A row whose texts stay texts: openpyxl would store one beginning with "=" as a formula."""
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def report_workbook(report: Report) -> bytes:
    """An .xlsx workbook: the description on the first sheet, then one sheet per table, with
    numbers as numbers and hidden figures as words."""
    book = Workbook()
    about = book.active
    about.title = _("About")[:31]
    for row in _about(report):
        _append_text(about, list(row))
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    for number, table in enumerate(report.tables, start=1):
        # Sheet names are at most 31 characters and must differ: the number keeps them apart.
        name = "".join(c for c in f"{number} {table.title}" if c not in "\\/?*[]:")
        sheet = book.create_sheet(name[:31])
        _append_text(sheet, [table.title])
        _append_text(sheet, [table.heading, table.column])
        for label, figure in _lines(table):
            shown = figure.number if figure.number is not None else figure.text
            _append_text(sheet, [label, shown])
        sheet.column_dimensions["A"].width = 50
        sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
