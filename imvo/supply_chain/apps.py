from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyChainConfig(AppConfig):
    """Production locations (productielocaties, art. 15–24): yearly lists, the facility registry and
    the aggregated list."""

    name = "imvo.supply_chain"
    label = "supply_chain"
    verbose_name = _("Production locations")

    def ready(self) -> None:
        from imvo.supply_chain import jobs  # noqa: F401  (registers the background jobs)
