"""Collective projects (collectieve projecten, art. 16, 23, 60): proposed from a collective risk, a
signal about a systemic issue, or by a party; decided by the core group; then run by their
participants, who report progress and results that the agreement's reports carry (art. 33).

A company's participation is shown to other parties only with its own consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Project(models.Model):
    class Origin(models.TextChoices):
        COLLECTIVE_RISK = "collective_risk", _("a collective risk")
        SIGNAL = "signal", _("a signal about a systemic issue")
        PARTY = "party", _("a party's proposal")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed to the core group")
        APPROVED = "approved", _("approved")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.PARTY)
    origin_collective_risk = models.ForeignKey(
        "risks.CollectiveRisk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("collective risk"),
    )
    origin_signal = models.ForeignKey(
        "signals.Signal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("signal"),
    )
    proposed_by = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects_proposed",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposal = models.ForeignKey(
        "governance.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the core group's proposal"),
    )
    countries = models.JSONField(_("countries"), default=list, blank=True)
    regions = models.CharField(_("regions or places"), max_length=300, blank=True)
    materials = models.JSONField(_("raw materials or metals"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    budget = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    co_financing = models.TextField(_("co-financing"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    closing_note = models.TextField(_("how the project ended"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("collective project")
        verbose_name_plural = _("collective projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.RUNNING)


PUBLIC_STATUSES = (Project.Status.APPROVED, Project.Status.RUNNING, Project.Status.COMPLETED)


class ProjectParticipant(models.Model):
    """An organization taking part, or a local partner without an account (a community group, a
    cooperative). A company's row is shown to other parties only when `consent_to_show`."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTICIPANT = "participant", _("participant")
        FUNDER = "funder", _("funder")
        LOCAL_PARTNER = "local_partner", _("local partner")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_participations",
        verbose_name=_("organization"),
    )
    local_partner_name = models.CharField(_("local partner"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=14, choices=Role.choices, default=Role.PARTICIPANT)
    consent_to_show = models.BooleanField(_("the company agrees to be named"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"],
                condition=models.Q(organization__isnull=False),
                name="one_participation_per_organization",
            )
        ]
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")

    def __str__(self) -> str:
        return str(self.organization) if self.organization_id else self.local_partner_name

    @property
    def name(self) -> str:
        return str(self)

    @property
    def needs_consent(self) -> bool:
        """Only a company's participation is confidential; NGOs, unions, associations, funders and
        local partners are named always."""
        from imvo.organizations.models import Organization

        return self.organization is not None and self.organization.kind == Organization.Kind.COMPANY


class ProgressUpdate(models.Model):
    """What happened in the project, dated, with an optional document kept unaltered."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("document"), upload_to="projects/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.project} {self.date:%Y-%m-%d}"


class Result(models.Model):
    """An outcome the agreement's reports can carry (art. 33): what was achieved, measured where
    possible (an indicator and its value)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("result"), max_length=200)
    text = models.TextField(_("description"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    value = models.CharField(_("value"), max_length=100, blank=True)
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.title
