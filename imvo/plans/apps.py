from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plan of approach (plan van aanpak, art. 12): each company's yearly plan, structured or as its
    CSRD/CSDDD report, and the aggregated plan the secretariat shares with the parties."""

    name = "imvo.plans"
    label = "plans"
    verbose_name = _("Plan of approach")

    def ready(self) -> None:
        """Plans and their goals are agreement data: every change is logged with its actor."""
        from auditlog.registry import auditlog

        from imvo.plans.models import AggregatedPlan, Goal, Plan

        for model in (Plan, Goal, AggregatedPlan):
            if not auditlog.contains(model):
                auditlog.register(model)
