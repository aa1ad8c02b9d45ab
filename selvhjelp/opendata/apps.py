from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "selvhjelp.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from selvhjelp.lib.pagecache import COUNTED, Counted
        from selvhjelp.opendata.http import API_START, answer_language, kept_hit

        # The API's answers are kept whole; each hit is still counted and may answer 304.
        COUNTED[API_START] = Counted(answer_language, kept_hit)
