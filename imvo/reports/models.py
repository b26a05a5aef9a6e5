"""The companies' public reports (art. 31–32), the agreement's own reports (art. 33, 51) and the
recruitment targets (art. 36–38)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyReport(models.Model):
    """A company's public report for an agreement year (CSRD, listed-SME or voluntary standard):
    where it is published. Public knowledge once the company records it."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="public_reports"
    )
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.CASCADE, related_name="+")
    regime = models.CharField(_("reporting regime"), max_length=10)
    url = models.URLField(_("where the report is published"))
    published_on = models.DateField(_("published on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "year__number"]
        unique_together = [("organization", "year")]
        verbose_name = _("public report of a company")
        verbose_name_plural = _("public reports of companies")

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}"


class AgreementReport(models.Model):
    """One of the agreement's reports for a year (rapportage): the figures the platform composed
    from its data, frozen at composition, and the secretariat's texts. A published version is never
    changed; a correction is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("replaced by a later version")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="reports")
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("report"), max_length=20)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    content = models.JSONField(default=dict)
    texts = models.JSONField(default=dict, blank=True)
    composed_at = models.DateTimeField(_("composed at"))
    composed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-year__number", "kind", "-version"]
        unique_together = [("agreement", "year", "kind", "version")]
        verbose_name = _("agreement report")
        verbose_name_plural = _("agreement reports")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class RecruitmentTarget(models.Model):
    """The yearly recruitment plan (art. 36–38): how many parties and supporters the agreement aims
    to have by the end of the year, and how it means to get there."""

    year = models.OneToOneField(
        "agreements.AgreementYear", on_delete=models.CASCADE, related_name="recruitment"
    )
    parties = models.PositiveIntegerField(_("parties aimed for"))
    supporters = models.PositiveIntegerField(_("supporters aimed for"), default=0)
    plan = models.TextField(_("how we recruit"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year__number"]
        verbose_name = _("recruitment target")
        verbose_name_plural = _("recruitment targets")

    def __str__(self) -> str:
        return f"{self.year}: {self.parties} / {self.supporters}"
