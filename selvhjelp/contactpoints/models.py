from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactPointKind(models.TextChoices):
    LINK_CENTRE = "link", _("LINK centre")
    VOLUNTEER_CENTRE = "volunteer", _("Volunteer centre")
    HEALTHY_LIFE_CENTRE = "healthy_life", _("Healthy-life centre")
    MUNICIPAL_SERVICE = "municipal", _("Municipal service")
    ORGANISATION = "organisation", _("Organisation")


# A web site's origin as a browser names it: scheme, host and an optional port; nothing else, so
# that what a coordinator types can go into a Content-Security-Policy header as it is.
ORIGIN = re.compile(
    r"^https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$"
)
MAX_ORIGINS = 20


def origins_parse(text: str) -> list[str]:
    """The origins in a text of one per line, lower-cased and without a trailing slash."""
    return [line.strip().lower().rstrip("/") for line in text.splitlines() if line.strip()]


def validate_origins(text: str) -> None:
    origins = origins_parse(text)
    wrong = [origin for origin in origins if not ORIGIN.match(origin)]
    if wrong:
        raise ValidationError(
            _("Write each web site as its address without a path, such as %(example)s: %(wrong)s"),
            params={"example": "https://www.bodo.kommune.no", "wrong": ", ".join(wrong[:3])},
            code="origin",
        )
    if len(origins) > MAX_ORIGINS:
        raise ValidationError(
            _("At most %(count)s web sites."), params={"count": MAX_ORIGINS}, code="origins"
        )


class ContactPointQuerySet(models.QuerySet["ContactPoint"]):
    def covering(self, municipality: object) -> ContactPointQuerySet:
        return self.filter(municipalities=municipality)


class ContactPoint(models.Model):
    """An organisation that runs self-help locally; the tenant that groups and staff belong to."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ContactPointKind.choices)
    municipalities = models.ManyToManyField(
        "places.Municipality",
        verbose_name=_("municipalities covered"),
        related_name="contact_points",
        blank=True,
    )
    description = models.TextField(_("public description"), max_length=4000, blank=True)
    email = models.EmailField(_("email (a shared role address)"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    # A public visiting address (the contact point's own, never a group's room): shown on its
    # page, and the address the Meeting Guide feed gives for its in-person groups.
    visit_street = models.CharField(_("visiting address: street"), max_length=120, blank=True)
    visit_postcode = models.CharField(
        _("visiting address: postcode"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("A postcode has four digits."))],
    )
    visit_place = models.CharField(_("visiting address: place"), max_length=80, blank=True)
    # Web sites that may show the contact point's groups in a frame (the embeddable directory).
    embed_origins = models.TextField(
        _("web sites that may embed the directory"),
        max_length=2000,
        blank=True,
        validators=[validate_origins],
        help_text=_("One address per line, such as https://www.bodo.kommune.no"),
    )
    interest_threshold = models.PositiveSmallIntegerField(
        _("people needed before we are told a group can start"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(8)],
    )

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_visiting_address(self) -> bool:
        return bool(self.visit_street and self.visit_postcode and self.visit_place)

    @property
    def embed_origin_list(self) -> list[str]:
        return origins_parse(self.embed_origins)


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    INITIATOR = "initiator", _("Initiator")


class Staff(models.Model):
    """A person's role at one contact point."""

    contact_point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "user", "role"],
                name="one_role_per_person_and_contact_point",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.contact_point}"


class StaffInvitation(models.Model):
    """A coordinator's invitation to join the staff; the link is sent to the address only."""

    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.contact_point}"
