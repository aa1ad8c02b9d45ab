from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "selvhjelp.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from selvhjelp.lib.pagecache import forget_on_change
        from selvhjelp.places.models import County, Municipality

        forget_on_change(County, Municipality)
