"""The core group (Kerngroep, art. 45-54): four seats with a regular and an alternate member, and a chair."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Constituency(models.TextChoices):
    """The four seats of the core group (art. 46), each held by one constituency (geleding)."""

    UNIONS = "unions", _("unions")
    NGOS = "ngos", _("NGOs")
    INDUSTRY_ASSOCIATIONS = "industry_associations", _("industry associations")
    COMPANIES = "companies", _("companies")


CONSTITUENCY_KINDS: dict[str, tuple[str, ...]] = {
    Constituency.UNIONS: ("union",),
    Constituency.NGOS: ("ngo",),
    Constituency.INDUSTRY_ASSOCIATIONS: ("industry_association",),
    Constituency.COMPANIES: ("company",),
}


class CoreGroupMember(models.Model):
    class Role(models.TextChoices):
        REGULAR = "regular", _("regular member")
        ALTERNATE = "alternate", _("alternate member")
        CHAIR = "chair", _("chair (no vote)")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="core_group")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="core_group_seats",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    constituency = models.CharField(_("seat"), max_length=24, choices=Constituency.choices, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "constituency", "role"]
        verbose_name = _("core-group member")
        verbose_name_plural = _("core-group members")

    def __str__(self) -> str:
        seat = self.get_constituency_display() if self.constituency else ""
        return f"{self.user} – {self.get_role_display()} {seat}".strip()
