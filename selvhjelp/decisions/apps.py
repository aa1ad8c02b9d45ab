from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "selvhjelp.decisions"
    label = "decisions"
    verbose_name = _("Joint decisions")
