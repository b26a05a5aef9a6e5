from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The agreement's reports (art. 31–33, 51): the companies' public reporting, the reports the
    platform composes from its data for each year, recruitment against its targets (art. 36–38), and
    the public part of the site."""

    name = "imvo.reports"
    label = "reports"
    verbose_name = _("Reports")
