from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Collective projects (collectieve projecten, art. 16, 23, 60): what parties take on together
    where one company's leverage is not enough."""

    name = "imvo.projects"
    label = "projects"
    verbose_name = _("Collective projects")
