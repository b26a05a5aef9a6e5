"""Modules (art. 29–30): what the secretariat offers, its sessions, materials and attendance, and
which modules each company must or may follow, decided from its monitoring result."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from imvo.core.i18n import Bilingual


class Module(Bilingual, models.Model):
    """A sector, risk, knowledge or practice module (sectormodule, risicomodule, kennismodule,
    praktijkmodule). The rule fields say when a company must follow it; any one that holds makes
    it mandatory, and none set leaves it optional (art. 30)."""

    class Kind(models.TextChoices):
        SECTOR = "sector", _("sector module")
        RISK = "risk", _("risk module")
        KNOWLEDGE = "knowledge", _("knowledge module")
        PRACTICE = "practice", _("practice module")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="modules")
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    framework_code = models.CharField(
        _("module code in the assessment framework"),
        max_length=60,
        blank=True,
        help_text=_("The module the framework's advice points to; empty when no advice points here."),
    )
    mandatory_for_all = models.BooleanField(_("mandatory for every company"), default=False)
    mandatory_below_overall = models.PositiveSmallIntegerField(
        _("mandatory below an overall score of (%)"),
        null=True,
        blank=True,
        help_text=_("Empty: the overall score does not make it mandatory."),
    )
    mandatory_verdicts = models.JSONField(
        _("mandatory with the verdict"), default=list, blank=True, help_text=_("green, orange or red")
    )
    mandatory_when_advised = models.BooleanField(
        _("mandatory when an indicator whose advice points here scored 0"), default=False
    )
    active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["agreement", "position", "pk"]
        unique_together = [("agreement", "code")]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def can_be_mandatory(self) -> bool:
        return bool(
            self.mandatory_for_all
            or self.mandatory_below_overall is not None
            or self.mandatory_verdicts
            or self.mandatory_when_advised
        )

    def rule_texts(self) -> list[str]:
        from imvo.modules.explain import rule_texts

        return rule_texts(self)


class Session(models.Model):
    """A meeting of a module (bijeenkomst): a training, a workshop, a peer-review round."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    planned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.module} – {self.starts_at:%Y-%m-%d}"


class Material(models.Model):
    """A document (kept unaltered, with its SHA-256) or a link that a module offers its participants."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="modules/materials/%Y/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module", "-added_at", "-pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether an organization took part in a session; one row per organization, never removed
    (a row unticked later says absent), since taking part opens NGO insight (art. 13)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="module_attendance"
    )
    person_name = models.CharField(_("who attended"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "organization__name"]
        unique_together = [("session", "organization")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.organization} – {self.session}"


class Assignment(models.Model):
    """A module a company must (mandatory) or is advised to follow in an agreement year, with the
    reasons taken from the rule and the result. Fulfilled when the company attended a session of
    the module from the start of that year; a later result may lift it, never remove it."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="module_assignments"
    )
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    mandatory = models.BooleanField(_("mandatory"), default=False)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    submission = models.ForeignKey(
        "monitoring.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    waived_reason = models.TextField(_("reason for the exemption"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization__name", "year__number", "module__position"]
        unique_together = [("module", "organization", "year")]
        verbose_name = _("module assignment")
        verbose_name_plural = _("module assignments")

    def __str__(self) -> str:
        return f"{self.organization} – {self.module} ({self.year})"

    @property
    def waived(self) -> bool:
        return bool(self.waived_reason)

    def reason_texts(self) -> list[str]:
        from imvo.modules.explain import reason_text

        return [reason_text(r) for r in self.reasons]
