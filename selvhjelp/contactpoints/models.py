from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactPointKind(models.TextChoices):
    LINK_CENTRE = "link", _("LINK centre")
    VOLUNTEER_CENTRE = "volunteer", _("Volunteer centre")
    HEALTHY_LIFE_CENTRE = "healthy_life", _("Healthy-life centre")
    MUNICIPAL_SERVICE = "municipal", _("Municipal service")
    ORGANISATION = "organisation", _("Organisation")


class ContactPoint(models.Model):
    """An organisation that runs self-help locally; the tenant that groups and staff belong to."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ContactPointKind.choices)

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
