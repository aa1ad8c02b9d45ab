from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactPointsConfig(AppConfig):
    name = "selvhjelp.contactpoints"
    label = "contactpoints"
    verbose_name = _("Contact points")

    def ready(self) -> None:
        from selvhjelp.contactpoints.models import ContactPoint
        from selvhjelp.lib.pagecache import forget_on_change

        forget_on_change(ContactPoint, ContactPoint.municipalities.through)
