"""The plan of approach (art. 12): a company's yearly plan in versions, its goals, and the aggregated
plan the secretariat composes from the submitted plans, never traceable to one company."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """A company's plan of approach (plan van aanpak) for one agreement year, in versions: either
    goals typed in the platform (structured) or its CSRD/CSDDD report with the sections mapped to the
    OECD steps. A submitted version never changes; a correction is a new version, and the version it
    replaces becomes superseded."""

    class Kind(models.TextChoices):
        STRUCTURED = "structured", _("a plan in the platform")
        REPORT = "report", _("the CSRD/CSDDD report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        SUPERSEDED = "superseded", _("replaced by a later version")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="plans"
    )
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    file = models.FileField(_("report"), upload_to="plans/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    section_map = models.JSONField(
        _("where the report covers each step"),
        default=dict,
        blank=True,
        help_text=_('Per OECD step: {"where": "§3.2, p. 41–44"} or {"not_covered": true}.'),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization__name", "-year__number", "-version"]
        unique_together = [("organization", "year", "version")]
        verbose_name = _("plan of approach")
        verbose_name_plural = _("plans of approach")

    def __str__(self) -> str:
        return f"{self.organization} – {self.year} v{self.version}"

    def save(self, *args, **kwargs):
        """A submitted version is frozen; the one change it takes is being superseded by a later one."""
        if self.pk is not None:
            stored = Plan.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != self.Status.DRAFT:
                superseding = (
                    stored == self.Status.SUBMITTED
                    and self.status == self.Status.SUPERSEDED
                    and list(kwargs.get("update_fields") or ()) == ["status"]
                )
                if not superseding:
                    raise ValueError("A submitted plan is never changed; start a new version.")
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Goal(models.Model):
    """A goal of a structured plan, SMART: what, who, by when, and the indicator that shows it was
    reached. Pre-filled from the monitoring advice, the prioritised risks and last year's open goals."""

    class Source(models.TextChoices):
        ADVICE = "advice", _("from the monitoring advice")
        RISK = "risk", _("for a prioritised risk")
        OWN = "own", _("the company's own")
        CARRIED = "carried", _("carried over from last year")

    class Status(models.TextChoices):
        UNSET = "", _("to be updated")
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    step = models.CharField(_("due-diligence step"), max_length=10)
    risk = models.ForeignKey(
        "risks.Risk",
        verbose_name=_("prioritised risk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.OWN)
    source_ref = models.CharField(_("indicator"), max_length=40, blank=True)
    what = models.TextField(_("what"), blank=True)
    who = models.CharField(_("who"), max_length=200, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    indicator = models.CharField(_("how progress is measured"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED, blank=True
    )
    status_note = models.TextField(_("note on the status"), blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_copies"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.what[:60]

    def save(self, *args, **kwargs):
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_draft()
        return super().delete(*args, **kwargs)

    def _check_draft(self) -> None:
        status = Plan.objects.filter(pk=self.plan_id).values_list("status", flat=True).first()
        if status is not None and status != Plan.Status.DRAFT:
            raise ValueError("The goals of a submitted plan are never changed; start a new version.")


class AggregatedPlan(models.Model):
    """The aggregated plan of approach (geaggregeerd plan van aanpak) of one year: themes, goals and
    progress counted across the companies' submitted plans, shared with all parties once published.
    One published per year, never changed, so that two versions cannot be compared."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField()
    intro = models.TextField(_("introduction"), blank=True)
    built_at = models.DateTimeField(auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "-year__number", "-built_at"]
        verbose_name = _("aggregated plan of approach")
        verbose_name_plural = _("aggregated plans of approach")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                condition=models.Q(status="published"),
                name="plans_one_published_aggregated_plan_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = AggregatedPlan.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise ValueError("A published aggregated plan is never changed.")
        super().save(*args, **kwargs)
