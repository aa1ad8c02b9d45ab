from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from selvhjelp.demo import demo_load_if_empty, demo_logins
from selvhjelp.groups.models import Group, GroupState
from selvhjelp.interest.services import pools_for
from selvhjelp.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_the_demo_has_groups_in_every_state_pools_and_logins() -> None:
    assert demo_load_if_empty() is True
    assert set(Group.objects.values_list("state", flat=True)) == set(GroupState.values)
    assert Group.objects.filter(listed=False, contact_point__isnull=True).exists()
    assert Group.objects.values("municipality").distinct().count() >= 3
    oslo = Group.objects.get(title="Pårørendegruppa").contact_point
    assert oslo is not None
    oslo_pools = pools_for(oslo)
    assert [(p.theme.slug, p.count, p.ready) for p in oslo_pools] == [("depresjon", 5, True)]
    notice = Message.objects.get(kind="staff_notice")
    assert notice.recipient is not None
    assert notice.recipient.email == "koordinator.oslo@selvhjelp.test"
    from selvhjelp.groups.selectors import members
    from selvhjelp.overview.selectors import checklist

    starting = Group.objects.get(state=GroupState.STARTING, title__startswith="Utbrent")
    done = {item.key for item in checklist(starting) if item.done}
    # Whether its first meeting (today, 12:00–14:00 on a Tuesday) is over depends on the hour.
    assert done - {"first_meeting"} == {"principles", "place", "series"}
    running = Group.objects.get(title="Sorggruppe på Grünerløkka")
    assert running.state == GroupState.RUNNING
    assert running.handed_over_at is not None
    assert all(
        m.user.signatures.filter(declaration__group=running).exists() for m in members(running)
    )
    from selvhjelp.meetings.models import Absence, Meeting

    assert Meeting.objects.filter(series__group=running, cancelled=True).count() == 1
    assert Meeting.objects.filter(series__group=running, moved=True).count() == 1
    assert Absence.objects.count() == 2
    from selvhjelp.decisions.models import Proposal

    states = sorted(Proposal.objects.values_list("kind", "state"))
    assert states == [("admit", "open"), ("pause", "not_adopted"), ("question", "adopted")]
    from selvhjelp.reflection.services import reflection_trend

    assert len(reflection_trend(running)) == 4
    with_keys = {login.role for login in demo_logins() if login.totp_key}
    assert with_keys == {"admin", *{login.role for login in demo_logins() if ":" in login.role}}
    assert len([login for login in demo_logins() if login.totp_key]) == 5
    assert demo_load_if_empty() is False


def test_the_demo_command_loads_the_data_once_and_prints_every_login_with_its_key() -> None:
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    assert first.getvalue().startswith("Loaded demonstration data.")
    assert Group.objects.filter(title="Sorggruppe på Grünerløkka").exists()
    logins = demo_logins()
    keys = [login.totp_key for login in logins if login.totp_key]
    assert len(logins) == 12
    assert len(keys) == 5
    for text in [login.email for login in logins] + keys:
        assert text in first.getvalue()
    call_command("demo", stdout=second)
    assert "Loaded" not in second.getvalue()
    assert second.getvalue() in first.getvalue()
    assert Group.objects.filter(title="Sorggruppe på Grünerløkka").count() == 1


def test_the_demo_command_leaves_a_database_with_people_in_it_alone(make_user) -> None:
    make_user("Mari")
    output = StringIO()
    call_command("demo", stdout=output)
    assert "already" in output.getvalue()
    assert not Group.objects.exists()


def test_the_demo_has_two_years_of_statistics_for_both_contact_points() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from selvhjelp.contactpoints.models import ContactPoint
    from selvhjelp.statistics.selectors import Period, statistics_report

    demo_load_if_empty()
    today = timezone.localdate()
    two_years = Period(today - timedelta(days=730), today)
    for point in ContactPoint.objects.all():
        report = statistics_report(period=two_years, contact_point=point)
        assert report.groups_started >= 10, point
        assert report.survival, point
        shown = [figure for _, figure in report.table("lasting").rows if figure.number]
        assert shown, point
        states = [figure.number for _, figure in report.table("groups_states").rows]
        assert states[0], point  # started, shown
        assert states[1], point  # ended, shown
        total = report.table("interest_places").total
        assert total is not None
        assert total.number, point
    # Ended long ago: their personal data is gone, their records stay.
    from selvhjelp.statistics.models import GroupRecord

    assert GroupRecord.objects.filter(
        ended_on__lt=today - timedelta(days=90), group__personal_data_erased_at__isnull=False
    ).exists()
