from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactPointKind(models.TextChoices):
    LINK_CENTRE = "link", _("LINK centre")
    VOLUNTEER_CENTRE = "volunteer", _("Volunteer centre")
    HEALTHY_LIFE_CENTRE = "healthy_life", _("Healthy-life centre")
    MUNICIPAL_SERVICE = "municipal", _("Municipal service")
    ORGANISATION = "organisation", _("Organisation")


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
