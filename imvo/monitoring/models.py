"""Self-assessment rounds, each company's assessment, its answers and evidence, and the frozen
submissions with their computed result (art. 8-14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentRound(models.Model):
    """A round in an agreement year: the baseline (nulmeting) in year 1, monitoring in years 2 and 4."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("baseline (nulmeting)")
        MONITORING = "monitoring", _("monitoring")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    year = models.ForeignKey(
        "agreements.AgreementYear", on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    framework_version = models.CharField(_("assessment-framework version"), max_length=40)
    opened_on = models.DateField(_("opened on"))
    due_date = models.DateField(_("due date"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "year__number"]
        unique_together = [("agreement", "year")]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class Assessment(models.Model):
    """One company's self-assessment in a round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being filled in")
        SUBMITTED = "submitted", _("submitted")
        IMPROVING = "improving", _("improving insufficient items")

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    due_date = models.DateField(_("due date"))
    minerals_in_scope = models.BooleanField(
        _("tin, tantalum, tungsten, gold or other minerals from conflict-affected and high-risk areas"),
        default=False,
    )
    size_class = models.CharField(_("size class"), max_length=20, blank=True)
    improvement_until = models.DateField(_("items may be improved until"), null=True, blank=True)
    reopened_items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["round", "organization__name"]
        unique_together = [("round", "organization")]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.organization} – {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.IMPROVING)

    @property
    def improvement_window_open(self) -> bool:
        from django.utils import timezone

        return self.improvement_until is not None and timezone.localdate() <= self.improvement_until

    def may_edit(self, indicator_code: str) -> bool:
        if self.status == self.Status.DRAFT:
            return True
        return (
            self.status == self.Status.IMPROVING
            and indicator_code in self.reopened_items
            and self.improvement_window_open
        )


class Answer(models.Model):
    """The answer to one indicator: which requirements are met, with explanation and evidence.

    `revision` counts saves; a save names the revision it started from, so two colleagues
    editing at once never silently overwrite each other.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.CharField(_("indicator"), max_length=40)
    met = models.JSONField(_("requirements met"), default=dict, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    explanation = models.TextField(_("explanation"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "indicator"]
        unique_together = [("assessment", "indicator")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.indicator}"


class Evidence(models.Model):
    """A document (kept unaltered, with its checksum) or a link that supports a requirement."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.CharField(_("requirement"), max_length=20)
    file = models.FileField(_("file"), upload_to="monitoring/evidence/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["answer", "requirement", "uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.link


class Submission(models.Model):
    """A frozen copy of the answers and the result computed from them; never changed afterwards."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("submission"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    framework_version = models.CharField(max_length=40)
    answers = models.JSONField(_("answers as submitted"))
    overall = models.DecimalField(_("overall score (%)"), max_digits=5, decimal_places=1)
    sections = models.JSONField(_("score per step (%)"))
    levels = models.JSONField(_("level per indicator"))
    verdict = models.CharField(_("verdict"), max_length=6)
    knockouts = models.JSONField(default=list)
    below_floor = models.JSONField(default=list)
    advice = models.JSONField(default=list)

    class Meta:
        ordering = ["assessment", "number"]
        unique_together = [("assessment", "number")]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.assessment} #{self.number}: {self.overall} % {self.verdict}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A submission is immutable.")
        super().save(*args, **kwargs)


class FollowUpConversation(models.Model):
    """The secretariat's conversation with an orange or red company, its board present (art. 10)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="conversations")
    held_on = models.DateField(_("held on"))
    board_member = models.CharField(_("board member present"), max_length=200)
    agreed_actions = models.TextField(_("agreed actions"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "held_on"]
        verbose_name = _("follow-up conversation")
        verbose_name_plural = _("follow-up conversations")

    def __str__(self) -> str:
        return f"{self.assessment} – {self.held_on}"


class CmrtImport(models.Model):
    """A CMRT or EMRT file the company uploaded to pre-fill the minerals section; kept unaltered,
    and its smelter list is kept for the production-location list (art. 15-18)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="cmrt_imports")
    file = models.FileField(_("file"), upload_to="monitoring/cmrt/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    template = models.CharField(_("template"), max_length=10)
    revision = models.CharField(_("revision"), max_length=20)
    company_name = models.CharField(_("company name in the file"), max_length=255, blank=True)
    smelters = models.JSONField(_("smelters and refiners"), default=list)
    prefilled = models.JSONField(_("pre-filled indicators"), default=list)
    warnings = models.JSONField(default=list)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "-imported_at"]
        verbose_name = _("CMRT/EMRT import")
        verbose_name_plural = _("CMRT/EMRT imports")

    def __str__(self) -> str:
        return f"{self.template} {self.revision}: {self.original_name}"
