from __future__ import annotations

import secrets
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

# The model's frame: a group has room for eight; seats opened by a decision stay within it.
PLACES = 8
# Fewer members than this makes a group fragile: the initiator is warned.
FRAGILE_BELOW = 4
# The initiator is at the group's first few meetings, and visits once more after it has met
# this many times on its own (the model says 3–5; the visit is due from the third).
EARLY_MEETINGS = 3
FOLLOW_UP_AFTER = 3

# Dates staff type (the day an intake conversation was held, the day of the follow-up visit)
# lie at most 12 months back, and a visit at most 18 months ahead: an intake's outcome is erased
# by its date, so a date typed decades ahead must not keep it for ever.
DATES_BACK_MONTHS = 12
VISIT_AHEAD_MONTHS = 18


def typed_dates(today: date, *, ahead_months: int = 0) -> tuple[date, date]:
    """The earliest and the latest day staff may give, seen from today."""
    earliest: date = today - relativedelta(months=DATES_BACK_MONTHS)
    latest: date = today + relativedelta(months=ahead_months)
    return earliest, latest


# Limits for free text people type: a place or a link, and a paragraph or a few.
TEXT_SHORT = 1000
TEXT_LONG = 4000


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_link_key() -> str:
    return secrets.token_urlsafe(12)


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
    description_nb = models.TextField(_("description (bokmål)"), max_length=TEXT_LONG, blank=True)
    description_nn = models.TextField(_("description (nynorsk)"), max_length=TEXT_LONG, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=TEXT_LONG, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    # A coordinator's suggestion waits, not in use, until an administrator takes it in.
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested by"),
    )

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
    MONDAY = 0, pgettext_lazy("weekday, as a choice", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday, as a choice", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday, as a choice", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday, as a choice", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday, as a choice", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday, as a choice", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday, as a choice", "Sunday")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", pgettext_lazy("time of day", "Morning")
    DAYTIME = "daytime", pgettext_lazy("time of day", "Daytime")
    EVENING = "evening", pgettext_lazy("time of day", "Evening")


class GroupLanguage(models.TextChoices):
    NORWEGIAN = "no", _("Norwegian")
    ENGLISH = "en", _("English")
    SAMI = "se", _("Northern Sami")
    OTHER = "other", _("Another language")


# Which groups anyone may find, and which have room: each written once, for the queries and
# for the partial indexes that serve them (a database uses such an index only for a query that
# asks the same).
LISTED = Q(listed=True) & ~Q(state=GroupState.ENDED)
HAS_ROOM = Q(state=GroupState.FORMING) | Q(openness=Openness.OPEN, free_seats__gt=0)


class GroupQuerySet(models.QuerySet["Group"]):
    def listed(self) -> GroupQuerySet:
        """Groups anyone may find: approved for the directory and not ended."""
        return self.filter(LISTED)

    def with_room(self) -> GroupQuerySet:
        return self.filter(HAS_ROOM)

    def for_listing(self) -> GroupQuerySet:
        return (
            self.select_related("municipality__county", "contact_point")
            .prefetch_related("themes")
            .order_by("-id")
        )


class Group(models.Model):
    """A self-help group. This is its public side; members and meetings come later."""

    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    # Messages and calendar feeds link by this key instead of the code: the code opens the
    # group's public page, which names its theme; the key opens nothing to anyone but members.
    link_key = models.CharField(max_length=24, unique=True, default=new_link_key, editable=False)
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
    listing_requested_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places in the group"), default=PLACES)
    # The initiator helping the group start: staff of the contact point, or for a self-started
    # group the participant who started it (its starter, who is also a member).
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiated_groups",
    )
    self_started = models.BooleanField(default=False)
    principles_introduced_at = models.DateTimeField(null=True, blank=True)
    first_meeting_held_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    follow_up_planned_on = models.DateField(null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    invitation_token = models.CharField(max_length=64, blank=True, db_index=True)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    # When a decision ended the group (or, if it was ended another way, when the retention job
    # first saw it ended): its personal data is erased 90 days later (groups/services/retention).
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )
    # Anonymous counts that outlive the personal data, for the contact point's statistics:
    # people whose membership has been erased (all of them once the group's data is erased),
    # and meetings held before the group ended, counted when its data is erased.
    former_members = models.PositiveIntegerField(_("former members"), default=0)
    meetings_held = models.PositiveIntegerField(_("meetings held"), default=0)
    # Title, themes and place in one text, kept by `group_index`, for full-text search.
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        indexes = [
            models.Index(fields=["listed", "state", "-created_at"], name="group_listing"),
            # A place chosen in the directory (a municipality, or a county's municipalities)
            # narrows most: its listed groups, and those with room, are found from the place.
            # With the id, PostgreSQL reads a county's groups with room from the index alone.
            models.Index(fields=["municipality"], condition=LISTED, name="group_listed_place"),
            models.Index(
                fields=["municipality", "id"], condition=LISTED & HAS_ROOM, name="group_room_place"
            ),
            models.Index(fields=["weekday"], name="group_weekday"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(openness="open") | Q(free_seats=0), name="closed_group_has_no_seats"
            ),
            models.CheckConstraint(
                condition=Q(free_seats__lte=PLACES), name="seats_within_the_frame"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=2, capacity__lte=12), name="capacity_within_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_room(self) -> bool:
        return self.state == GroupState.FORMING or (
            self.openness == Openness.OPEN and self.free_seats > 0
        )

    @property
    def is_starting(self) -> bool:
        """Still with its initiator: people are invited and the frames set up freely."""
        return self.state in (GroupState.FORMING, GroupState.STARTING)

    @property
    def is_self_governed(self) -> bool:
        """Handed over: from now on the frames change only by a joint decision."""
        return self.handed_over_at is not None


class SearchEntry(models.Model):
    """A listed group's entry in SQLite's search table (groups/search.py), by the group's id.

    The directory counts and pages a search from these entries alone, without reading the
    groups' rows. The table is SQLite's only: PostgreSQL's search index is on the groups' table.
    """

    # FTS5 keeps an entry under the group's id as its rowid.
    id = models.IntegerField(primary_key=True, db_column="rowid")

    class Meta:
        managed = False
        db_table = "groups_group_fts"

    def __str__(self) -> str:
        return str(self.pk)


class MembershipState(models.TextChoices):
    INVITED = "invited", _("Invited")
    MEMBER = "member", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class Membership(models.Model):
    """A person's place in a group: invited, member, or gone (declined or left)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    state = models.CharField(max_length=10, choices=MembershipState.choices)
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    # When the person left or declined; the membership is erased 90 days later.
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_person")
        ]
        indexes = [models.Index(fields=["group", "state"], name="membership_by_state")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_state_display()}"


class IntakeOutcome(models.TextChoices):
    SUITABLE = "suitable", _("Suitable for the group")
    REFERRED = "referred", _("Referred elsewhere")
    DECLINED = "declined", _("Declined")


class Intake(models.Model):
    """That an intake conversation took place, and its outcome. Never what was said."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="intakes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intakes"
    )
    held_on = models.DateField(_("date of the conversation"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=IntakeOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_intake_per_person")
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class Agreement(models.Model):
    """The group agreement: the frames the members agree on. Place details are for members."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="agreement")
    rhythm = models.CharField(_("how often we meet"), max_length=200, blank=True)
    length_minutes = models.PositiveSmallIntegerField(
        _("length of a meeting (minutes)"), default=120
    )
    has_break = models.BooleanField(_("a break half-way"), default=True)
    place = models.TextField(
        _("place or video room (members only)"), max_length=TEXT_SHORT, blank=True
    )
    openness = models.TextField(_("new members"), max_length=TEXT_LONG, blank=True)
    notice = models.TextField(_("how and by when we give notice"), max_length=TEXT_LONG, blank=True)
    sobriety = models.TextField(_("sobriety"), max_length=TEXT_LONG, blank=True)
    greeting = models.TextField(
        _("greeting each other outside the group"), max_length=TEXT_LONG, blank=True
    )
    refreshments = models.TextField(_("refreshments"), max_length=TEXT_LONG, blank=True)
    online = models.TextField(_("rules for meeting online"), max_length=TEXT_LONG, blank=True)
    ending = models.TextField(_("how the group ends"), max_length=TEXT_LONG, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    FILLED = ("rhythm", "place", "notice")

    def __str__(self) -> str:
        return str(self.group)

    @property
    def is_filled_in(self) -> bool:
        return all(getattr(self, name).strip() for name in self.FILLED)


class DeclarationVersion(models.Model):
    """One wording of the group's confidentiality declaration; members sign the newest."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="declarations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="one_declaration_number")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.group} v{self.number}"


class Signature(models.Model):
    declaration = models.ForeignKey(
        DeclarationVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signatures"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "user"], name="one_signature_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration} – {self.user}"


class GroupInterest(models.Model):
    """A person's interest in one particular group that is forming or has room."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_interests"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="interested")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="one_interest_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}"
