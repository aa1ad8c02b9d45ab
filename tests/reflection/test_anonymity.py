"""The three attacks that mapped every demo answer to a named member, with the database file at
hand (issue 13), tried again on reflections and on self-evaluations:

(a) the result page moved with each answer, so the fourth answer showed as a difference;
(b) answers and "has answered" markers were written in the same order, so row order paired them;
(c) the markers were an HMAC with the secret key alone, so anyone with the data folder could
    compute every member's marker.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.meetings.models import Meeting
from selvhjelp.reflection.markers import marker
from selvhjelp.reflection.models import (
    CompassVersion,
    CompassWord,
    Evaluation,
    EvaluationMarker,
    Reflection,
    ReflectionMarker,
    ReflectionTally,
)
from selvhjelp.reflection.selectors import (
    evaluation_summary,
    has_evaluated,
    has_reflected,
    reflection_summary,
)
from selvhjelp.reflection.services import (
    NotOpen,
    compass_current,
    evaluation_give,
    reflection_give,
    reflections_close_due,
)
from tests.reflection.conftest import at, first_meeting, words

pytestmark = pytest.mark.django_db

PICKS = (
    ("lytte", "gi råd"),
    ("lytte", "respekt"),
    ("dømme",),
    ("respekt", "tillit", "her og nå"),
)
SCORES = (
    {"safe": 5, "time": 4, "language": 3, "notice": 5, "change": "Færre råd"},
    {"safe": 2, "time": 2, "language": 4, "notice": 3, "change": ""},
    {"safe": 4, "time": 5, "language": 5, "notice": 1, "change": "Bedre pauser"},
    {"safe": 1, "time": 3, "language": 2, "notice": 4, "change": "Avslutte presis"},
)


def _answer(group: Group, meeting: Meeting, person: User, index: int) -> None:
    reflection_give(meeting=meeting, user=person, word_ids=words(group, *PICKS[index]))
    evaluation_give(group=group, user=person, period="first", answers=SCORES[index])


# --- (a) a result that moves with each answer -------------------------------------------


def _result_section(client: Client, path: str) -> str:
    page = client.get(path).content.decode()
    return page[page.index('aria-labelledby="result-heading"') :].split("</section>")[0]


def test_until_a_reflection_closes_no_aggregate_shows_so_a_fourth_answer_cannot_be_read_off(
    group, five, client_for
) -> None:
    meeting = first_meeting()
    path = f"/grupper/{group.code}/inne/moter/{meeting.code}/refleksjon/"
    with at(2027, 3, 1, 21):
        for index, person in enumerate(five[:3]):
            reflection_give(meeting=meeting, user=person, word_ids=words(group, *PICKS[index]))
        after_three = reflection_summary(meeting)
        page_after_three = _result_section(client_for(five[4]), path)
        reflection_give(meeting=meeting, user=five[3], word_ids=words(group, *PICKS[3]))
        after_four = reflection_summary(meeting)
        page_after_four = _result_section(client_for(five[4]), path)
    assert (after_three.answers, after_three.words) == (3, None)
    assert (after_four.answers, after_four.words) == (4, None)
    # The only change the page shows is the number who have answered.
    assert "<table" not in page_after_three
    assert re.sub(r"\b3\b", "N", page_after_three) == re.sub(r"\b4\b", "N", page_after_four)
    for word in ("tillit", "her og nå", "respekt"):
        assert word not in page_after_four

    with at(2027, 3, 7, 20):
        assert reflections_close_due() == 1
        page_closed = _result_section(client_for(five[4]), path)
        with pytest.raises(NotOpen):
            reflection_give(meeting=meeting, user=five[4], word_ids=words(group, "lytte"))
    closed = reflection_summary(meeting)
    assert closed.answers == 4
    assert closed.words is not None
    assert {item.word.text_nb: item.count for item in closed.words} == {
        "her og nå": 1,
        "lytte": 2,
        "respekt": 2,
        "tillit": 1,
        "gi råd": 1,
        "dømme": 1,
    }
    assert "<table" in page_closed


def test_until_a_self_evaluation_closes_no_average_or_wish_shows(group, five, client_for) -> None:
    with at(2027, 3, 1, 21):
        for index, person in enumerate(five[:3]):
            evaluation_give(group=group, user=person, period="first", answers=SCORES[index])
        after_three = evaluation_summary(group, "first")
        page = client_for(five[4]).get(f"/grupper/{group.code}/inne/evaluering/")
        evaluation_give(group=group, user=five[3], period="first", answers=SCORES[3])
        after_four = evaluation_summary(group, "first")
    assert (after_three.answers, after_three.averages, after_three.wishes) == (3, None, [])
    assert (after_four.answers, after_four.averages, after_four.wishes) == (4, None, [])
    assert page.context["latest"] is None
    assert "Færre råd" not in page.content.decode()

    # Open to the end of the fourteenth day after the first answer.
    with at(2027, 3, 15, 23):
        assert reflections_close_due() == 0
    with at(2027, 3, 16, 0):
        assert reflections_close_due() == 1
        with pytest.raises(NotOpen):
            evaluation_give(group=group, user=five[4], period="first", answers=SCORES[0])
        page = client_for(five[4]).get(f"/grupper/{group.code}/inne/evaluering/")
    closed = evaluation_summary(group, "first")
    assert closed.answers == 4
    assert closed.averages == {"safe": 3.0, "time": 3.5, "language": 3.5, "notice": 3.25}
    assert closed.wishes == ["Avslutte presis", "Bedre pauser", "Færre råd"]
    assert "Bedre pauser" in page.content.decode()


def test_a_self_evaluation_closes_when_every_member_has_answered(group) -> None:
    people = list(group.memberships.filter(state="member").order_by("pk"))
    with at(2027, 3, 1, 21):
        for index, membership in enumerate(people):
            evaluation_give(
                group=group, user=membership.user, period="first", answers=SCORES[index]
            )
    result = evaluation_summary(group, "first")
    assert result.closed
    assert result.averages is not None


def test_below_three_answers_a_closed_self_evaluation_keeps_no_answers(group, five) -> None:
    with at(2027, 3, 1, 21):
        for index, person in enumerate(five[:2]):
            evaluation_give(group=group, user=person, period="first", answers=SCORES[index])
    with at(2027, 3, 16, 0):
        reflections_close_due()
    evaluation = Evaluation.objects.get()
    assert (evaluation.closed, evaluation.answers, evaluation.wishes) == (True, 2, [])
    assert (evaluation.safe, evaluation.time, evaluation.language, evaluation.notice) == (
        0,
        0,
        0,
        0,
    )
    assert evaluation_summary(group, "first").averages is None


# --- (b) row order pairing answers with markers -----------------------------------------

# Markers are written in the order people answer; that must pair them with nothing.
MARKERS: set[type[models.Model]] = {ReflectionMarker, EvaluationMarker}
COMPASS: set[type[models.Model]] = {CompassVersion, CompassWord}


def _answer_side() -> list[type[models.Model]]:
    """Every table of the reflection app that holds what was answered, old or new."""
    config = apps.get_app_config("reflection")
    return [
        model
        for model in config.get_models(include_auto_created=True)
        if model not in MARKERS | COMPASS
    ]


def _kept(field: models.Field, answer_side: list[type[models.Model]]) -> bool:
    """The columns that are the same whenever the same answers are given: not keys, not random
    values, not references within the answer side (an id that differs from run to run)."""
    if field.primary_key or isinstance(field, models.UUIDField | models.BinaryField):
        return False
    if field.is_relation:
        target = field.related_model
        assert isinstance(target, type)
        return target not in answer_side and not isinstance(target._meta.pk, models.UUIDField)
    return True


def _stored() -> dict[str, list[tuple[object, ...]]]:
    """The answer side as it lies in the tables, in physical order (SQLite's rowid,
    PostgreSQL's ctid), without keys or random values."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    quote = connection.ops.quote_name
    answer_side = _answer_side()
    stored = {}
    with connection.cursor() as cursor:
        for model in answer_side:
            table = model._meta.db_table
            columns = [
                quote(f.column)
                for f in model._meta.concrete_fields
                if f.column and _kept(f, answer_side)
            ]
            cursor.execute(
                f"SELECT {', '.join(columns) or '1'} FROM {quote(table)} ORDER BY {order}"  # noqa: S608
            )
            stored[table] = cursor.fetchall()
    return stored


@contextmanager
def _undone() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_the_stored_answers_are_the_same_whichever_order_the_members_answered_in(
    group, five
) -> None:
    """Whatever order people answer in, the tables holding the answers end up the same, byte
    for byte and row by row: so nothing in them can line up with the markers' order."""
    meeting = first_meeting()
    compass = compass_current(group.contact_point)  # made once, outside the runs undone
    seen = []
    for order in ((0, 1, 2, 3), (3, 2, 1, 0), (2, 0, 3, 1)):
        with _undone():
            with at(2027, 3, 1, 21):
                for index in order:
                    _answer(group, meeting, five[index], index)
                assert ReflectionMarker.objects.count() == EvaluationMarker.objects.count() == 4
                while_open = _stored()
            with at(2027, 3, 16, 0):
                reflections_close_due()
                closed = _stored()
            seen.append((while_open, closed))
    assert seen[0] == seen[1] == seen[2]
    # One row per compass word, whatever was answered.
    assert len(seen[0][0][ReflectionTally._meta.db_table]) == compass.words.count()


def test_answers_add_no_rows_only_counts(group, five) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        _answer(group, meeting, five[0], 0)
        after_one = {table: len(rows) for table, rows in _stored().items()}
        for index in (1, 2, 3):
            _answer(group, meeting, five[index], index)
        after_four = {table: len(rows) for table, rows in _stored().items()}
    assert after_one == after_four
    version = Reflection.objects.get().version
    assert after_four[ReflectionTally._meta.db_table] == version.words.count()


def test_no_answer_side_table_has_a_column_that_leads_to_a_person_or_a_time_of_answering() -> None:
    personal = {settings.AUTH_USER_MODEL.lower(), "groups.membership"}
    for model in [*_answer_side(), *MARKERS]:
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if isinstance(related, type) and issubclass(related, models.Model):
                assert related._meta.label_lower not in personal, (model, field.name)
            assert field.name not in {"user", "member", "author", "voter", "created_by"}
            if isinstance(field, models.DateTimeField | models.DateField):
                # A closing time: the meeting's end plus six days, or a day after the first
                # answer of a self-evaluation; never the moment of an answer.
                assert (model, field.name) in {(Reflection, "closes_at"), (Evaluation, "closes_at")}
    keyed_randomly: list[type[models.Model]] = [ReflectionTally, *MARKERS]
    for keyed in keyed_randomly:
        assert isinstance(keyed._meta.pk, models.UUIDField), keyed


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_every_tally_has_the_same_last_writer_and_keeps_its_place(
    group, five
) -> None:
    """PostgreSQL stamps each row version with the transaction that wrote it (xmin), the
    marker's transaction too: a tally touched only by the answers that chose its word would
    pair them. Every answer touches every tally of its meeting, in place."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's")
    meeting = first_meeting()
    table = ReflectionTally._meta.db_table
    with at(2027, 3, 1, 21):
        for index in (0, 1, 2, 3):
            reflection_give(meeting=meeting, user=five[index], word_ids=words(group, *PICKS[index]))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, word_id FROM {table} ORDER BY ctid"  # noqa: S608
        )
        rows = cursor.fetchall()
        cursor.execute(f"SELECT xmin::text FROM {ReflectionMarker._meta.db_table}")  # noqa: S608
        markers = {xmin for (xmin,) in cursor.fetchall()}
    assert len({xmin for xmin, _word in rows}) == 1
    assert len(markers) == 4
    version = Reflection.objects.get().version
    assert [word for _xmin, word in rows] == list(
        version.words.order_by("ring", "position").values_list("pk", flat=True)
    )


# --- (c) markers recomputed with the secret key -----------------------------------------


def _texts_containing(needle: str) -> list[str]:
    """Every table and text column of the database in which the text appears."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            for field in model._meta.concrete_fields:
                text = isinstance(field, models.CharField | models.TextField | models.JSONField)
                if not text or not field.column:
                    continue
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} "  # noqa: S608
                    f"WHERE CAST({quote(field.column)} AS TEXT) LIKE %s",
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


def _keyed_with_the_secret_key(*parts: object) -> str:
    """The marker as it was: an HMAC of the member with the secret key alone."""
    message = ":".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def test_after_closing_no_members_marker_can_be_recomputed_from_the_data_folder(
    group, five
) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        for index in (0, 1, 2, 3):
            _answer(group, meeting, five[index], index)
        reflection = Reflection.objects.get()
        evaluation = Evaluation.objects.get()
        assert reflection.salt is not None
        assert evaluation.salt is not None
        # What a copy of the data folder taken while open would hold.
        salts = (bytes(reflection.salt), bytes(evaluation.salt))
        assert has_reflected(meeting=meeting, user=five[0])
        assert has_evaluated(group=group, user=five[0], period="first")
    with at(2027, 3, 16, 0):
        assert reflections_close_due() == 2
    reflection.refresh_from_db()
    evaluation.refresh_from_db()
    assert (reflection.salt, evaluation.salt) == (None, None)
    assert not ReflectionMarker.objects.filter(reflection=reflection).exists()
    assert not EvaluationMarker.objects.filter(evaluation=evaluation).exists()
    assert not Reflection.objects.filter(salt__in=salts).exists()
    assert not Evaluation.objects.filter(salt__in=salts).exists()
    for person in five:
        assert not has_reflected(meeting=meeting, user=person)
        assert not has_evaluated(group=group, user=person, period="first")
        candidates = [
            _keyed_with_the_secret_key("reflection", meeting.pk, person.pk),
            _keyed_with_the_secret_key("evaluation", group.pk, "first", person.pk),
            *(marker(salt, person.pk) for salt in salts),
        ]
        for digest in candidates:
            assert _texts_containing(digest) == [], person


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_no_salt_or_marker_is_left_in_the_files_of_the_data_folder(group, five) -> None:
    """Deleted rows linger in SQLite's file and its write-ahead log; after closing neither may
    hold a salt or a marker."""
    if connection.vendor != "sqlite":
        pytest.skip("the files are SQLite's")
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        for index in (0, 1, 2):
            _answer(group, meeting, five[index], index)
    salts = [bytes(row.salt or b"") for row in (Reflection.objects.get(), Evaluation.objects.get())]
    digests = [
        digest.encode()
        for digest in [
            *ReflectionMarker.objects.values_list("digest", flat=True),
            *EvaluationMarker.objects.values_list("digest", flat=True),
        ]
    ]
    assert [len(salt) for salt in salts] == [32, 32]
    assert len(digests) == 6
    with at(2027, 3, 16, 0):
        assert reflections_close_due() == 2
    database = Path(connection.settings_dict["NAME"])
    data = b"".join(
        path.read_bytes()
        for path in (database, database.with_name(f"{database.name}-wal"))
        if path.exists()
    )
    assert [salt for salt in salts if salt in data] == []
    assert [digest for digest in digests if digest in data] == []


def test_erasing_a_member_removes_their_marker_from_an_open_reflection_and_no_other(
    group, five
) -> None:
    from selvhjelp.privacy.services import person_erase

    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        for index in (0, 1):
            _answer(group, meeting, five[index], index)
        person_erase(user=five[0])
        assert ReflectionMarker.objects.count() == 1
        assert EvaluationMarker.objects.count() == 1
        assert has_reflected(meeting=meeting, user=five[1])
        assert has_evaluated(group=group, user=five[1], period="first")
