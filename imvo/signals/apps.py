from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    """Signals (signalen, art. 23 and 60g): reports of abuses at production sites, brought by the
    secretariat to the companies that buy there, without telling anyone else who they are."""

    name = "imvo.signals"
    label = "signals"
    verbose_name = _("Signals")
