"""The statistics as files for the yearly report: one CSV, and an Excel workbook with one sheet
per table. Both hold exactly what the page shows: a hidden figure is written as its words
("fewer than 3", "hidden"), never as its number; the first lines (the first sheet) say which
period and whose statistics they are, and the rule for small numbers."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

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


def report_csv(report: Report) -> str:
    """One CSV: the description first, then a row per figure (table, what, figure)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for label, value in _about(report):
        writer.writerow(["", label, value])
    writer.writerow([_("Table"), _("What"), _("Figure")])
    for table in report.tables:
        for label, figure in _lines(table):
            writer.writerow([table.title, label, figure.text])
    return out.getvalue()


def report_workbook(report: Report) -> bytes:
    """An .xlsx workbook: the description on the first sheet, then one sheet per table, with
    numbers as numbers and hidden figures as words."""
    book = Workbook()
    about = book.active
    about.title = _("About")[:31]
    for row in _about(report):
        about.append(list(row))
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    for number, table in enumerate(report.tables, start=1):
        # Sheet names are at most 31 characters and must differ: the number keeps them apart.
        name = "".join(c for c in f"{number} {table.title}" if c not in "\\/?*[]:")
        sheet = book.create_sheet(name[:31])
        sheet.append([table.title])
        sheet.append([table.heading, table.column])
        for label, figure in _lines(table):
            sheet.append([label, figure.number if figure.number is not None else figure.text])
        sheet.column_dimensions["A"].width = 50
        sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
