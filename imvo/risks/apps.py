from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    """Risk analysis (risicoanalyse, art. 25–28): each company's yearly risk register, its public
    statement, and the sector's risks aggregated."""

    name = "imvo.risks"
    label = "risks"
    verbose_name = _("Risk analysis")
