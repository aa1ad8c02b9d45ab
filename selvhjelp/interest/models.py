from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selvhjelp.groups.models import new_code


class Reach(models.TextChoices):
    MUNICIPALITY = "municipality", _("My own municipality")
    COUNTY = "county", _("Anywhere in my county")


class Interest(models.Model):
    """A person's wish to join a group: themes, place and times. Health data: kept with
    consent, for 12 months after it was last confirmed, and deleted on withdrawal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interest"
    )
    themes = models.ManyToManyField("groups.Theme", related_name="interests")
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="interests"
    )
    reach = models.CharField(max_length=15, choices=Reach.choices, default=Reach.MUNICIPALITY)
    digital_ok = models.BooleanField(default=False)
    weekdays = models.JSONField(default=list, blank=True)
    times_of_day = models.JSONField(default=list, blank=True)
    # The contact point that covered the municipality when the interest was saved; empty when
    # no contact point serves the area yet (administrators see those).
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interests",
    )
    confirmed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    expiry_notice_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interest")
        indexes = [models.Index(fields=["contact_point", "municipality"], name="interest_by_area")]

    def __str__(self) -> str:
        return str(self.pk)


class Pool(models.Model):
    """Interest for one theme in one municipality, at one contact point; remembers whether
    its coordinators have been told that it reached the threshold.

    Its address uses a random code, so that a link to it (in an email, a browser's history or a
    proxy's log) does not say which theme the people in it share.
    """

    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    contact_point = models.ForeignKey("contactpoints.ContactPoint", on_delete=models.CASCADE)
    theme = models.ForeignKey("groups.Theme", on_delete=models.CASCADE)
    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE)
    at_threshold = models.BooleanField(default=False)
    crossings = models.PositiveIntegerField(default=0)
    # When it last reached the threshold: statistics measure from here to a group's first meeting.
    reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "theme", "municipality"], name="one_pool_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme_id}/{self.municipality_id}"


class InterestTally(models.Model):
    """Anonymous counts for statistics, kept after the interest itself expires or is withdrawn:
    how many people registered, in a month, in one municipality (`theme` empty) and for each
    theme, and how many times a pool reached its threshold. Only sums are read from it; two rows
    for the same key (written at the same moment) add up like one."""

    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint", on_delete=models.CASCADE, null=True, related_name="+"
    )
    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE)
    theme = models.ForeignKey("groups.Theme", on_delete=models.CASCADE, null=True)
    month = models.DateField()  # the first day of the month
    people = models.PositiveIntegerField(default=0)
    pools_reached = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["contact_point", "month"], name="tally_by_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
