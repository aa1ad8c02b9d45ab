from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestConfig(AppConfig):
    name = "selvhjelp.interest"
    label = "interest"
    verbose_name = _("Interest")
