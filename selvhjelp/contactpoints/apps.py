from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactPointsConfig(AppConfig):
    name = "selvhjelp.contactpoints"
    label = "contactpoints"
    verbose_name = _("Contact points")
