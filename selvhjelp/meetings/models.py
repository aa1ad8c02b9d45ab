from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selvhjelp.lib.recurrence import OSLO, WeeklyRule

# A meeting is never moved into the past, and no meeting is set or moved further ahead than this.
MONTHS_AHEAD = 18


def latest_start(now: datetime) -> datetime:
    """The latest a meeting may start: 18 months from now, counted on Oslo's calendar."""
    later: datetime = now.astimezone(OSLO) + relativedelta(months=MONTHS_AHEAD)
    return later


# A series' first meeting may lie this far back (a group that already meets), no further: a
# calendar's rule then reaches back a year at most.
MONTHS_BACK = 12


def earliest_first_meeting(now: datetime) -> date:
    """The earliest first meeting a series may be given: 12 months back on Oslo's calendar."""
    earlier: datetime = now.astimezone(OSLO) - relativedelta(months=MONTHS_BACK)
    return earlier.date()


def in_reach(starts_at: datetime, *, now: datetime) -> bool:
    """Still to come, and at most 18 months ahead."""
    return now < starts_at <= latest_start(now)


def premises_code() -> str:
    return secrets.token_hex(4)


def meeting_code() -> str:
    return secrets.token_hex(5)


class OwnerKind(models.TextChoices):
    VOLUNTEER_CENTRE = "volunteer", _("Volunteer centre")
    LIBRARY = "library", _("Library")
    SCHOOL = "school", _("School")
    MUNICIPAL = "municipal", _("Municipal")
    OTHER = "other", _("Other")


class Premises(models.Model):
    """A room a contact point can borrow for free. Its address is never public."""

    code = models.CharField(max_length=12, unique=True, default=premises_code)
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint", on_delete=models.CASCADE, related_name="premises"
    )
    name = models.CharField(_("name"), max_length=120)
    owner_kind = models.CharField(_("owned by"), max_length=12, choices=OwnerKind.choices)
    address = models.CharField(_("address"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), default=10)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    notes = models.TextField(_("practical notes"), max_length=2000, blank=True)
    host_contact = models.CharField(
        _("host contact (for the coordinator)"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlaceKind(models.TextChoices):
    ROOM = "room", _("A room")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class MeetingSeries(models.Model):
    """A group's meeting rhythm: a weekly rule in Europe/Oslo time, a length and a place."""

    group = models.OneToOneField("groups.Group", on_delete=models.CASCADE, related_name="series")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    start_date = models.DateField(_("first meeting"))
    start_time = models.TimeField(_("starts at"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    interval = models.PositiveSmallIntegerField(_("every … weeks"), default=1)
    length_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=120)
    place_kind = models.CharField(_("place"), max_length=10, choices=PlaceKind.choices)
    premises = models.ForeignKey(
        Premises, on_delete=models.SET_NULL, null=True, blank=True, related_name="series"
    )
    place_details = models.TextField(
        _("place details (members only): room, video link or phone instructions"), blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Raised on each change of the rule, its length or its meetings' exceptions: calendar apps
    # take the event with the highest SEQUENCE as the current one.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval__gte=1, interval__lte=4), name="series_interval_range"
            ),
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=30, length_minutes__lte=240),
                name="series_length_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}"

    @property
    def rule(self) -> WeeklyRule:
        return WeeklyRule(
            start_date=self.start_date,
            start_time=self.start_time,
            weekdays=tuple(self.weekdays),
            interval=self.interval,
        )

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.length_minutes)


class Meeting(models.Model):
    """One meeting of a series, generated ahead from its rule; it may be cancelled or moved."""

    code = models.CharField(max_length=12, unique=True, default=meeting_code)
    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    # Which occurrence of the rule this is (its RECURRENCE-ID), even when it has been moved.
    original_start = models.DateTimeField()
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    cancelled = models.BooleanField(default=False)
    # Any member may cancel a meeting, and the others see who did.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.CharField(_("message to the group"), max_length=300, blank=True)
    premises = models.ForeignKey(
        Premises, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    place_details = models.TextField(blank=True)
    moved = models.BooleanField(default=False)
    # Raised on each change a calendar shows (cancelled, moved, a new length), and when.
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    # The initiator was there (the model has them at the first one to three meetings).
    initiator_attended = models.BooleanField(_("the initiator was there"), default=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="one_meeting_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["premises", "starts_at"], name="meeting_room_time")]

    def __str__(self) -> str:
        return f"{self.series.group} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_over(self) -> bool:
        """Ended: it can no longer be cancelled, moved or given notice for."""
        return self.ends_at <= timezone.now()


class Absence(models.Model):
    """ "I can't come": no reason, visible to the other members, withdrawable until the end."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="absences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_absence_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class CalendarFeed(models.Model):
    """A person's private, revocable calendar address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.user_id)


class LeavingNotice(models.Model):
    """ "I want to stop": the membership ends after the chosen last meeting."""

    membership = models.OneToOneField(
        "groups.Membership", on_delete=models.CASCADE, related_name="leaving_notice"
    )
    last_meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.membership_id)
