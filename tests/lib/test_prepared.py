"""A prepared query answers exactly what its QuerySet answers, each time with its own values,
and refuses a query whose values it could not put in their places."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Model, QuerySet

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.lib.prepared import NotPreparable, Prepared
from tests.conftest import admit


def _fields(obj: Model) -> dict[str, object]:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _group_with_places(code: str) -> QuerySet[Group]:
    related = ("municipality__county", "contact_point", "initiator")
    return Group.objects.select_related(*related).filter(code=code)


def test_it_gives_the_same_objects_and_related_objects_as_the_queryset(
    make_group: Callable[..., Group], contact_point: ContactPoint, initiator: User
) -> None:
    prepared = Prepared(_group_with_places, str)
    groups = [make_group(contact_point=contact_point, initiator=initiator), make_group()]
    for group in groups:
        expected = _group_with_places(group.code).get()
        (found,) = prepared(group.code)
        assert _fields(found) == _fields(expected)
        assert isinstance(found.created_at, datetime)
        assert found.created_at.tzinfo is not None
        for name in ("municipality", "contact_point", "initiator"):
            got, want = getattr(found, name), getattr(expected, name)
            assert (got is None) == (want is None)
            if want is not None:
                assert _fields(got) == _fields(want)
        assert _fields(found.municipality.county) == _fields(expected.municipality.county)


def test_it_asks_the_database_once_a_call_and_nothing_more_for_the_related_objects(
    make_group: Callable[..., Group],
    contact_point: ContactPoint,
    initiator: User,
    django_assert_num_queries: Callable[..., object],
) -> None:
    prepared = Prepared(_group_with_places, str)
    group = make_group(contact_point=contact_point, initiator=initiator)
    prepared(group.code)
    with django_assert_num_queries(1):  # type: ignore[attr-defined]
        (found,) = prepared(group.code)
        assert found.initiator is not None
        assert found.initiator.display_name
        assert found.contact_point is not None
        assert found.contact_point.name
        assert found.municipality.county.name


def test_each_call_has_its_own_values(make_user: Callable[..., User]) -> None:
    people = [make_user() for _ in range(3)]
    prepared = Prepared(lambda pk: User.objects.filter(pk=pk), int)
    for person in people:
        assert [user.pk for user in prepared(person.pk)] == [person.pk]
    assert prepared(max(p.pk for p in people) + 1000) == []


def test_values_list_rows_and_constants_in_the_query(
    make_group: Callable[..., Group], make_user: Callable[..., User]
) -> None:
    group, other = make_group(), make_group()
    member, invited = make_user(), make_user()
    admit(group, member)
    Membership.objects.create(group=group, user=invited, state=MembershipState.INVITED)
    admit(other, invited)
    # Two arguments, one of them used twice, and a constant that stays as it was built.
    prepared = Prepared(
        lambda group_id, user_id: (
            Membership.objects.filter(group_id=group_id, state=MembershipState.MEMBER)
            .exclude(user_id=user_id)
            .exclude(group_id=group_id, user_id=user_id)
            .order_by("pk")
            .values_list("user_id", "state")
        ),
        int,
        int,
    )
    assert prepared(group.pk, 0) == [(member.pk, "member")]
    assert prepared(group.pk, member.pk) == []
    assert prepared(other.pk, 0) == [(invited.pk, "member")]
    flat = Prepared(
        lambda group_id: (
            Membership.objects.filter(group_id=group_id)
            .order_by("pk")
            .values_list("user_id", flat=True)
        ),
        int,
    )
    assert flat(group.pk) == [member.pk, invited.pk]
    # Converted columns (a time, on SQLite) come as tuples too.
    joined = Prepared(
        lambda group_id: (
            Membership.objects.filter(group_id=group_id, user_id=member.pk)
            .order_by("pk")
            .values_list("user_id", "joined_at")
        ),
        int,
    )
    ((user_id, joined_at),) = joined(group.pk)
    assert (user_id, joined_at) == Membership.objects.values_list("user_id", "joined_at").get(
        group=group, user=member
    )
    assert isinstance(joined(group.pk)[0], tuple)
    assert isinstance(joined_at, datetime)


def test_annotations_reach_the_objects(
    make_group: Callable[..., Group], make_user: Callable[..., User]
) -> None:
    group = make_group()
    for _ in range(2):
        admit(group, make_user())
    prepared = Prepared(
        lambda code: Group.objects.filter(code=code).annotate(people=Count("memberships")), str
    )
    (found,) = prepared(group.code)
    assert found.people == 2


def test_it_refuses_values_it_cannot_find_among_the_parameters(
    make_group: Callable[..., Group],
) -> None:
    changed = Prepared(lambda title: Group.objects.filter(title__icontains=title), str)
    with pytest.raises(NotPreparable):
        changed("sorg")
    with pytest.raises(NotPreparable):
        Prepared(lambda when: Group.objects.filter(created_at__lt=when), float)
    unused = Prepared(lambda pk: Group.objects.all(), int)
    with pytest.raises(NotPreparable):
        unused(1)


def test_it_refuses_values_of_another_type(make_group: Callable[..., Group]) -> None:
    prepared = Prepared(lambda pk: Group.objects.filter(pk=pk), int)
    with pytest.raises(TypeError):
        prepared(str(make_group().pk))


def test_a_time_is_given_as_the_orm_gives_it(make_group: Callable[..., Group]) -> None:
    first, second = make_group(), make_group()
    Group.objects.filter(pk=first.pk).update(created_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    Group.objects.filter(pk=second.pk).update(created_at=datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    prepared = Prepared(
        lambda when: (
            Group.objects.filter(created_at__gt=when).order_by("pk").values_list("pk", flat=True)
        ),
        datetime,
    )
    oslo = ZoneInfo("Europe/Oslo")
    # 03:00 in Oslo, as the clocks have just gone forward, is 01:00 UTC.
    assert prepared(datetime(2026, 3, 29, 3, 0, tzinfo=oslo)) == [second.pk]
    assert prepared(datetime(2026, 3, 29, 0, 0, tzinfo=UTC)) == [first.pk, second.pk]
    assert prepared(datetime(2026, 3, 29, 2, 0, tzinfo=UTC)) == []
    with pytest.raises(TypeError):
        prepared(datetime(2026, 3, 29, 2, 0))
