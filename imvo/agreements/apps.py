from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "imvo.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from imvo.agreements import exports  # noqa: F401  (registers the background job)
