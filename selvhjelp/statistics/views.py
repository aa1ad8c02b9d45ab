"""The statistics pages and their downloads: per contact point (its coordinators) and for the
whole installation (administrators)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.contactpoints.access import staff_view
from selvhjelp.contactpoints.models import ContactPoint, StaffRole
from selvhjelp.lib.charts import bar_chart, step_chart
from selvhjelp.statistics.access import administrator_view
from selvhjelp.statistics.downloads import report_csv, report_workbook, rule_text
from selvhjelp.statistics.forms import PeriodForm
from selvhjelp.statistics.selectors import Report, Table, statistics_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The tables drawn as bar charts beside their tables.
BARS = ("interest_themes", "groups_over_time")


def _bars(table: Table) -> object:
    return bar_chart([(label, figure.number, figure.text) for label, figure in table.rows])


def _charts(report: Report) -> dict[str, object]:
    charts: dict[str, object] = {key: _bars(report.table(key)) for key in BARS}
    if report.survival:
        months = report.survival_months
        ticks = [(m, str(m)) for m in range(0, int(months) + 1, 3 if months <= 24 else 12)]
        charts["lasting"] = step_chart(report.survival, x_max=months, x_ticks=ticks)
    return charts


def _report(
    request: AuthedRequest, contact_point: ContactPoint | None
) -> tuple[PeriodForm, Report | None]:
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = PeriodForm({"periode": PeriodForm.THIS_YEAR}, today=timezone.localdate())
        form.is_valid()
    return form, statistics_report(period=form.period(), contact_point=contact_point)


def _answer(
    request: AuthedRequest, contact_point: ContactPoint | None, as_file: str | None
) -> HttpResponse:
    form, report = _report(request, contact_point)
    if report is None and as_file:
        return HttpResponse(
            _("The period is not valid: choose it again on the statistics page."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if report is not None and as_file == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="statistikk.csv"'
        return response
    if report is not None and as_file == "xlsx":
        response = HttpResponse(report_workbook(report), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="statistikk.xlsx"'
        return response
    return render(
        request,
        "statistics/report.html",
        {
            "form": form,
            "report": report,
            "charts": _charts(report) if report else {},
            "contact_point": contact_point,
            "rule": rule_text(),
            "query": request.GET.urlencode(),
        },
        status=200 if report else 400,
    )


@staff_view(StaffRole.COORDINATOR)
def contact_point_page(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    return _answer(request, contact_point, None)


@staff_view(StaffRole.COORDINATOR)
def contact_point_csv(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    return _answer(request, contact_point, "csv")


@staff_view(StaffRole.COORDINATOR)
def contact_point_xlsx(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    return _answer(request, contact_point, "xlsx")


@administrator_view
def installation_page(request: AuthedRequest) -> HttpResponse:
    return _answer(request, None, None)


@administrator_view
def installation_csv(request: AuthedRequest) -> HttpResponse:
    return _answer(request, None, "csv")


@administrator_view
def installation_xlsx(request: AuthedRequest) -> HttpResponse:
    return _answer(request, None, "xlsx")
