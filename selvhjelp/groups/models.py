from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class GroupKind(models.TextChoices):
    SHARED = "shared", _("Shared situation")
    ACROSS = "across", _("Across problems")


class Theme(models.Model):
    """What a group talks about. Names in three languages; coordinators keep the list."""

    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    name_nb = models.CharField(_("name (bokmål)"), max_length=80)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=80, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    description_nb = models.TextField(_("description (bokmål)"), blank=True)
    description_nn = models.TextField(_("description (nynorsk)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name_nb"]

    def __str__(self) -> str:
        return self.name

    def _in_language(self, field: str) -> str:
        language = (get_language() or "nb")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_nb")

    @property
    def name(self) -> str:
        return self._in_language("name")

    @property
    def description(self) -> str:
        return self._in_language("description")


class GroupFormat(models.TextChoices):
    PHYSICAL = "physical", _("Meets in person")
    VIDEO = "video", _("Meets by video")
    PHONE = "phone", _("Meets by phone")


class GroupState(models.TextChoices):
    FORMING = "forming", _("Collecting participants")
    STARTING = "starting", _("Starting up")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Taking a break")
    ENDED = "ended", _("Ended")


class Openness(models.TextChoices):
    CLOSED = "closed", _("Closed")
    OPEN = "open", _("Open for new participants")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", pgettext_lazy("time of day", "Morning")
    DAYTIME = "daytime", pgettext_lazy("time of day", "Daytime")
    EVENING = "evening", pgettext_lazy("time of day", "Evening")


class GroupLanguage(models.TextChoices):
    NORWEGIAN = "no", _("Norwegian")
    ENGLISH = "en", _("English")
    SAMI = "se", _("Northern Sami")
    OTHER = "other", _("Another language")


class GroupQuerySet(models.QuerySet["Group"]):
    def listed(self) -> GroupQuerySet:
        """Groups anyone may find: approved for the directory and not ended."""
        return self.filter(listed=True).exclude(state=GroupState.ENDED)

    def with_room(self) -> GroupQuerySet:
        return self.filter(Group.HAS_ROOM)

    def for_listing(self) -> GroupQuerySet:
        return (
            self.select_related("municipality__county", "contact_point")
            .prefetch_related("themes")
            .order_by("-id")
        )


class Group(models.Model):
    """A self-help group. This is its public side; members and meetings come later."""

    HAS_ROOM = Q(state=GroupState.FORMING) | Q(openness=Openness.OPEN, free_seats__gt=0)

    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        help_text=_("Empty for a group a participant started on their own."),
    )
    title = models.CharField(_("title"), max_length=120)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="groups")
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="groups"
    )
    format = models.CharField(_("format"), max_length=10, choices=GroupFormat.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    time_of_day = models.CharField(
        _("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True
    )
    language = models.CharField(
        _("language"), max_length=5, choices=GroupLanguage.choices, default=GroupLanguage.NORWEGIAN
    )
    state = models.CharField(
        _("state"), max_length=10, choices=GroupState.choices, default=GroupState.FORMING
    )
    openness = models.CharField(
        _("openness"), max_length=10, choices=Openness.choices, default=Openness.CLOSED
    )
    free_seats = models.PositiveSmallIntegerField(_("free seats"), default=0)
    listed = models.BooleanField(_("shown in the directory"), default=False)
    # Title, themes and place in one text, kept by `group_index`, for full-text search.
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        indexes = [
            models.Index(fields=["listed", "state", "-created_at"], name="group_listing"),
            models.Index(fields=["municipality", "listed"], name="group_place"),
            models.Index(fields=["weekday"], name="group_weekday"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(openness="open") | Q(free_seats=0), name="closed_group_has_no_seats"
            ),
            models.CheckConstraint(condition=Q(free_seats__lte=8), name="seats_within_the_frame"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_room(self) -> bool:
        return self.state == GroupState.FORMING or (
            self.openness == Openness.OPEN and self.free_seats > 0
        )
