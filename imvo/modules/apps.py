from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    """Modules (art. 29–30): the sector, risk, knowledge and practice modules, their sessions and
    materials, who attended, and which modules each company must or may follow."""

    name = "imvo.modules"
    label = "modules"
    verbose_name = _("Modules")
