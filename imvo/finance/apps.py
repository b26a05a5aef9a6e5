from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """The budget (begroting, art. 78–82): who pays what, and whether the budget still closes."""

    name = "imvo.finance"
    label = "finance"
    verbose_name = _("Budget")
