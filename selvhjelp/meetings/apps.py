from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "selvhjelp.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from selvhjelp.lib.pagecache import forget_on_change
        from selvhjelp.meetings.models import MeetingSeries, Premises

        # A group's day and times in the directory, its open data and its structured data.
        forget_on_change(MeetingSeries, Premises)
