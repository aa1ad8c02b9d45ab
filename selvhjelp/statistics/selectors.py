"""The statistics of a contact point, or of the whole installation, for a period.

Read only from what survives the retention jobs: the groups' records (`GroupRecord`) and the
interest tallies (`InterestTally`), never from memberships, interest or notices themselves, so
the figures stay the same after personal data is erased. Every count of people or groups goes
through `lib/disclosure.py`: nothing below 3 is shown, and no total gives a hidden cell back.

Which groups count where:
- *started*: first meeting held in the period; the figures on lasting, speed, reach and the
  follow-up visits are about these groups;
- *ended*: ended in the period; *meeting* and *paused*: the state at the period's last day
  (a pause is known from the day it was first seen);
- *lasting*: each started group is followed from its first meeting until it ended or until
  today, with groups still meeting censored (`lib/survival.py`).
"""

from __future__ import annotations

import statistics as stats
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import GroupFormat, Theme
from selvhjelp.interest.models import InterestTally
from selvhjelp.lib.disclosure import Cell, Shown, protect, protect_count
from selvhjelp.lib.survival import Follow, at_risk_at, kaplan_meier, surviving_at
from selvhjelp.places.models import Municipality
from selvhjelp.statistics.models import GroupRecord

# 3, 6 and 12 months, in days.
MILESTONES = ((3, 91), (6, 182), (12, 365))
MEMBER_BINS = ((0, 4), (5, 6), (7, 8), (9, 999))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day, included

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.end, "SHORT_DATE_FORMAT"),
        }


@dataclass(frozen=True)
class Figure:
    """One figure as shown: `number` is None when it is hidden."""

    number: int | float | None
    text: str


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    heading: str  # the first column's heading
    column: str  # the figures' heading
    rows: tuple[tuple[str, Figure], ...]
    total: Figure | None = None
    summary: str = ""


@dataclass
class Report:
    period: Period
    scope: str
    groups_started: int
    tables: list[Table] = field(default_factory=list)
    survival: list[tuple[float, float]] = field(default_factory=list)
    survival_months: float = 0

    def table(self, key: str) -> Table:
        return self.keyed[key]

    @property
    def keyed(self) -> dict[str, Table]:
        return {table.key: table for table in self.tables}


def shown(cell: Cell) -> Figure:
    if cell.shown is Shown.FEWER:
        return Figure(None, _("fewer than 3"))
    if cell.shown is Shown.HIDDEN:
        return Figure(None, _("hidden"))
    return Figure(cell.value, str(cell.value))


def _counted(
    key: str,
    title: str,
    heading: str,
    counts: Iterable[tuple[str, int]],
    *,
    with_total: bool,
    summary: str = "",
) -> Table:
    """A table of counts of people or groups, protected as a whole."""
    pairs = list(counts)
    table = protect([n for _, n in pairs])
    return Table(
        key=key,
        title=title,
        heading=heading,
        column=_("Number"),
        rows=tuple(
            (label, shown(cell)) for (label, _n), cell in zip(pairs, table.cells, strict=True)
        ),
        total=shown(table.total) if with_total else None,
        summary=summary,
    )


@dataclass(frozen=True, slots=True)
class Record:
    """A group's statistics record as plain values: a thousand of these are read per page."""

    themes: tuple[int, ...]  # read for the groups started in the period, the ones counted by theme
    municipality_id: int
    format: str
    pool_reached_on: date | None
    started_on: date | None
    handed_over_on: date | None
    ended_on: date | None
    paused_since: date | None
    members_at_start: int | None
    members_at_handover: int | None
    meetings_held: int
    meetings_with_notice: int
    reflections_answered: int
    evaluations_answered: int
    follow_up_in_window: bool | None


VALUES = [name for name in Record.__dataclass_fields__ if name != "themes"]


def _records(contact_point: ContactPoint | None, period: Period) -> list[Record]:
    """The records of groups that met at some time in the period (those started in it among
    them): a group that ended before it or started after it counts nowhere."""
    met = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    records = GroupRecord.objects.filter(met)
    links = GroupRecord.themes.through.objects.filter(
        grouprecord__started_on__gte=period.start, grouprecord__started_on__lte=period.end
    )
    if contact_point is not None:
        records = records.filter(contact_point=contact_point)
        links = links.filter(grouprecord__contact_point=contact_point)
    themes: dict[int, list[int]] = {}
    for record_id, theme_id in links.values_list("grouprecord_id", "theme_id"):
        themes.setdefault(record_id, []).append(theme_id)
    return [
        Record(tuple(themes.get(row[0], ())), *row[1:])
        for row in records.values_list("pk", *VALUES)
    ]


def _theme_names(ids: Iterable[int]) -> dict[int, str]:
    return {theme.pk: theme.name for theme in Theme.objects.filter(pk__in=set(ids))}


def _place_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Municipality.objects.filter(pk__in=set(ids)).values_list("pk", "name"))


def _sorted(counter: Counter[int], names: dict[int, str]) -> list[tuple[str, int]]:
    return sorted(((names[k], n) for k, n in counter.items()), key=lambda pair: (-pair[1], pair[0]))


def _most(table: Table, sentence: Callable[[str, str], str]) -> str:
    visible = [(label, figure) for label, figure in table.rows if figure.number]
    if not visible:
        return _("No figure here is large enough to be shown.")
    label, figure = max(visible, key=lambda pair: pair[1].number or 0)
    return sentence(label, figure.text)


def _interest(report: Report, contact_point: ContactPoint | None) -> None:
    tallies = InterestTally.objects.filter(
        month__gte=report.period.start.replace(day=1), month__lte=report.period.end
    )
    if contact_point is not None:
        tallies = tallies.filter(contact_point=contact_point)
    rows = list(
        tallies.values("theme_id", "municipality_id").annotate(
            people_sum=Sum("people"), pools_sum=Sum("pools_reached")
        )
    )
    by_theme: Counter[int] = Counter()
    by_place: Counter[int] = Counter()
    pools = 0
    for row in rows:
        if row["theme_id"] is None:
            by_place[row["municipality_id"]] += row["people_sum"]
        else:
            by_theme[row["theme_id"]] += row["people_sum"]
            pools += row["pools_sum"]
    themes = _counted(
        "interest_themes",
        _("Interest per theme"),
        _("Theme"),
        _sorted(by_theme, _theme_names(by_theme)),
        with_total=False,
    )
    summary = _most(
        themes,
        lambda label, text: (
            _(
                "Most people who registered asked for %(theme)s (%(count)s). A person may name "
                "several themes."
            )
            % {"theme": label, "count": text}
        ),
    )
    report.tables.append(replace(themes, summary=summary))
    report.tables.append(
        _counted(
            "interest_places",
            _("People who registered interest, per municipality"),
            _("Municipality"),
            _sorted(by_place, _place_names(by_place)),
            with_total=True,
        )
    )
    report.tables.append(
        Table(
            key="interest_pools",
            title=_("Pools that reached the threshold"),
            heading=_("Figure"),
            column=_("Number"),
            rows=((_("Times a pool reached the threshold"), Figure(pools, str(pools))),),
        )
    )


def _groups(report: Report, records: list[Record]) -> list[Record]:
    period = report.period
    started = [r for r in records if r.started_on in period]
    ended = [r for r in records if r.ended_on in period]
    alive = [
        r
        for r in records
        if r.started_on is not None
        and r.started_on <= period.end
        and not (r.ended_on is not None and r.ended_on <= period.end)
    ]
    paused = [r for r in alive if r.paused_since is not None and r.paused_since <= period.end]
    states = [
        (_("Started (first meeting held)"), len(started)),
        (_("Ended"), len(ended)),
        (_("Meeting at the end of the period"), len(alive) - len(paused)),
        (_("Taking a break at the end of the period"), len(paused)),
    ]
    report.tables.append(
        Table(
            key="groups_states",
            title=_("Groups in the period"),
            heading=_("Groups"),
            column=_("Number"),
            rows=tuple((label, shown(protect_count(n))) for label, n in states),
        )
    )
    themes: Counter[int] = Counter(t for r in started for t in r.themes)
    report.tables.append(
        _counted(
            "groups_themes",
            _("Groups started, per theme"),
            _("Theme"),
            _sorted(themes, _theme_names(themes)),
            with_total=False,
        )
    )
    formats = Counter(r.format for r in started)
    report.tables.append(
        _counted(
            "groups_formats",
            _("Groups started, per format"),
            _("Format"),
            [(str(label), formats[value]) for value, label in GroupFormat.choices],
            with_total=True,
        )
    )
    places: Counter[int] = Counter(r.municipality_id for r in started)
    report.tables.append(
        _counted(
            "groups_places",
            _("Groups started, per municipality"),
            _("Municipality"),
            _sorted(places, _place_names(places)),
            with_total=True,
        )
    )
    report.tables.append(_over_time(period, records))
    return started


def _month_ends(period: Period) -> list[date]:
    ends = []
    month = period.start.replace(day=1)
    while month <= period.end:
        following = (month + timedelta(days=32)).replace(day=1)
        ends.append(min(following - timedelta(days=1), period.end))
        month = following
    return ends


def _over_time(period: Period, records: list[Record]) -> Table:
    rows = []
    for end in _month_ends(period)[-36:]:
        meeting = sum(
            1
            for r in records
            if r.started_on is not None
            and r.started_on <= end
            and (r.ended_on is None or r.ended_on > end)
        )
        rows.append((date_format(end, "YEAR_MONTH_FORMAT"), shown(protect_count(meeting))))
    return Table(
        key="groups_over_time",
        title=_("Groups meeting, month by month"),
        heading=_("Month"),
        column=_("Groups at the end of the month"),
        rows=tuple(rows),
    )


def _lasting(report: Report, started: list[Record], today: date) -> None:
    follows = [
        Follow(
            days=((r.ended_on if r.ended_on else today) - r.started_on).days,
            ended=r.ended_on is not None,
        )
        for r in started
        if r.started_on is not None
    ]
    steps = kaplan_meier(follows)
    rows = []
    for months, days in MILESTONES:
        at_risk = at_risk_at(follows, days)
        label = ngettext("%(months)s month", "%(months)s months", months) % {"months": months}
        if len(follows) < 3 or at_risk < 3:
            rows.append((label, Figure(None, _("fewer than 3 groups followed this long"))))
            continue
        share = surviving_at(steps, days)
        rows.append((label, Figure(round(share * 100), f"{round(share * 100)} %")))
    summary = _("Fewer than 3 groups started in the period: no estimate is shown.")
    if len(follows) >= 3:
        report.survival = [(s.days / 30.44, s.surviving) for s in steps]
        report.survival_months = max(12.0, max(f.days for f in follows) / 30.44)
        summary = _(
            "Of the groups that started in the period, this share was estimated to be still "
            "meeting 3, 6 and 12 months after their first meeting. Groups still meeting count "
            "for as long as they have been followed."
        )
    report.tables.append(
        Table(
            key="lasting",
            title=_("Still meeting after their first meeting"),
            heading=_("Time since the first meeting"),
            column=_("Share still meeting"),
            rows=tuple(rows),
            summary=summary,
        )
    )


def _median_days(values: list[int]) -> Figure:
    if len(values) < 3:
        return Figure(None, _("fewer than 3 groups"))
    median = round(stats.median(values))
    return Figure(median, ngettext("%(days)s day", "%(days)s days", median) % {"days": median})


def _speed(report: Report, started: list[Record]) -> None:
    from_pool = [
        (r.started_on - r.pool_reached_on).days
        for r in started
        if r.started_on and r.pool_reached_on and r.pool_reached_on <= r.started_on
    ]
    to_handover = [
        (r.handed_over_on - r.started_on).days
        for r in started
        if r.started_on and r.handed_over_on and r.handed_over_on >= r.started_on
    ]
    report.tables.append(
        Table(
            key="speed",
            title=_("Speed (median)"),
            heading=_("From – to"),
            column=_("Median"),
            rows=(
                (
                    _("From a pool reaching the threshold to the first meeting"),
                    _median_days(from_pool),
                ),
                (_("From the first meeting to the hand-over"), _median_days(to_handover)),
            ),
        )
    )


def _reach(report: Report, started: list[Record]) -> None:
    sizes: Counter[int] = Counter()
    for r in started:
        members = max(r.members_at_start or 0, r.members_at_handover or 0)
        for index, (low, high) in enumerate(MEMBER_BINS):
            if low <= members <= high:
                sizes[index] += 1
    labels = [_("4 or fewer"), _("5–6"), _("7–8"), _("9 or more")]
    report.tables.append(
        _counted(
            "reach_members",
            _("Members per group (groups started in the period)"),
            _("Members"),
            [(label, sizes[index]) for index, label in enumerate(labels)],
            with_total=True,
        )
    )
    held = sum(r.meetings_held for r in started)
    noticed = sum(r.meetings_with_notice for r in started)
    figures: list[tuple[str, Figure]]
    if len(started) < 3:
        hidden = Figure(None, _("fewer than 3 groups"))
        figures = [(label, hidden) for label in _reach_labels()]
    else:
        share = round(100 * noticed / held) if held else 0
        reflections = sum(r.reflections_answered for r in started)
        evaluations = sum(r.evaluations_answered for r in started)
        numbers: list[tuple[int, str]] = [
            (held, str(held)),
            (share, f"{share} %"),
            (reflections, str(reflections)),
            (evaluations, str(evaluations)),
        ]
        figures = [
            (label, Figure(n, text))
            for label, (n, text) in zip(_reach_labels(), numbers, strict=True)
        ]
    report.tables.append(
        Table(
            key="reach",
            title=_("Meetings and answers (groups started in the period)"),
            heading=_("Figure"),
            column=_("Number"),
            rows=tuple(figures),
        )
    )


def _reach_labels() -> list[str]:
    return [
        _("Meetings held"),
        _("Share of meetings where someone gave notice of absence"),
        _("Reflection answers"),
        _("Self-evaluation answers"),
    ]


def _follow_up(report: Report, started: list[Record]) -> None:
    handed = [r for r in started if r.handed_over_on is not None]
    counts = Counter(r.follow_up_in_window for r in handed)
    report.tables.append(
        _counted(
            "follow_up",
            _("Initiators' follow-up visits (groups handed over)"),
            _("Follow-up visit"),
            [
                (_("Done after 3–5 meetings on their own"), counts[True]),
                (_("Done at another time"), counts[False]),
                (_("Not done (yet)"), counts[None]),
            ],
            with_total=True,
        )
    )


def statistics_report(
    *, period: Period, contact_point: ContactPoint | None, today: date | None = None
) -> Report:
    """Every table of the statistics page, protected, for one contact point or (None) all."""
    today = today or timezone.localdate()
    records = _records(contact_point, period)
    report = Report(
        period=period,
        scope=contact_point.name if contact_point else _("The whole installation"),
        groups_started=0,
    )
    _interest(report, contact_point)
    started = _groups(report, records)
    report.groups_started = len(started)
    _lasting(report, started, today)
    _speed(report, started)
    _reach(report, started)
    _follow_up(report, started)
    return report
