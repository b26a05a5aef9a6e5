"""Risk analysis (art. 25–28): a company's yearly risk register, the history of each risk's scores,
the public statements it publishes, and the sector reports from which collective risks are chosen."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskRegister(models.Model):
    """A company's risk analysis (risicoanalyse) for one agreement year. It stays a working document
    all year; what the public sees is a `RiskStatement`, a frozen copy."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="risk_registers"
    )
    method_version = models.CharField(max_length=20)
    priority_count = models.PositiveSmallIntegerField(
        _("number of risks to prioritise"),
        help_text=_("How many of the most severe open risks the company addresses first this year."),
    )
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization__name", "-year__number"]
        unique_together = [("organization", "year")]
        verbose_name = _("risk register")
        verbose_name_plural = _("risk registers")

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}"


class Risk(models.Model):
    """One risk of adverse impact in the company's value chain. `lineage` is the same risk across
    the years, so its scores can be followed as it is reassessed (art. 26)."""

    class Nature(models.TextChoices):
        ACTUAL = "actual", _("actual (it happens)")
        POTENTIAL = "potential", _("potential (it may happen)")

    class Override(models.TextChoices):
        NONE = "", _("follow the method")
        PRIORITISE = "prioritise", _("prioritise after all")
        NOT_PRIORITISE = "not_prioritise", _("do not prioritise after all")

    class Gender(models.TextChoices):
        UNANSWERED = "", _("not answered yet")
        YES = "yes", _("yes, differently")
        NO = "no", _("no, not differently")
        UNKNOWN = "unknown", _("not known yet: to be investigated")

    register = models.ForeignKey(RiskRegister, on_delete=models.CASCADE, related_name="risks")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    theme = models.CharField(_("theme"), max_length=40)
    material = models.CharField(_("raw material or metal"), max_length=40, blank=True)
    chain_stage = models.CharField(_("chain stage"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    region = models.CharField(_("region"), max_length=10, blank=True)
    stakeholders = models.JSONField(_("affected stakeholders"), default=list, blank=True)
    description = models.TextField(_("what happens, and to whom"), blank=True)
    nature = models.CharField(_("actual or potential"), max_length=10, choices=Nature.choices)
    involvement = models.CharField(_("the company's involvement"), max_length=20, blank=True)
    scale = models.PositiveSmallIntegerField(_("scale"), null=True, blank=True)
    scope = models.PositiveSmallIntegerField(_("scope"), null=True, blank=True)
    irremediability = models.PositiveSmallIntegerField(_("irremediable character"), null=True, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), null=True, blank=True)
    likelihood_floor = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    floor_citations = models.JSONField(default=list, blank=True, editable=False)
    likelihood_evidence = models.TextField(
        _("evidence for a lower likelihood"),
        blank=True,
        help_text=_("Needed when the likelihood is below what the reference data suggest."),
    )
    suggestion_key = models.CharField(max_length=200, blank=True, editable=False)
    override = models.CharField(
        _("priority"), max_length=20, choices=Override.choices, default="", blank=True
    )
    override_reason = models.TextField(_("reason for deviating from the method"), blank=True)
    explanation = models.TextField(_("why it is or is not prioritised"), blank=True)
    explanation_edited = models.BooleanField(default=False, editable=False)
    gender = models.CharField(
        _("are women or girls affected differently?"),
        max_length=10,
        choices=Gender.choices,
        default="",
        blank=True,
    )
    gender_how = models.TextField(_("how"), blank=True)
    addressed = models.BooleanField(_("addressed"), default=False)
    addressed_note = models.TextField(_("how it was addressed"), blank=True)
    disclose_location = models.BooleanField(
        _("show the country and region in the public statement"), default=False
    )
    reassessed = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["register", "created_at", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return f"{self.theme} {self.material} {self.country}".strip()


class RiskScore(models.Model):
    """A risk's scores as they stood after a change: the history the cycle keeps (art. 26)."""

    class Event(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("scores changed")
        CONFIRMED = "confirmed", _("reassessed, unchanged")
        CARRIED = "carried", _("carried over to a new year")
        ADDRESSED = "addressed", _("marked addressed")
        REOPENED = "reopened", _("reopened")

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="scores")
    lineage = models.UUIDField(db_index=True)
    year_number = models.PositiveSmallIntegerField()
    event = models.CharField(max_length=12, choices=Event.choices)
    nature = models.CharField(max_length=10)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    scope = models.PositiveSmallIntegerField(null=True, blank=True)
    irremediability = models.PositiveSmallIntegerField(null=True, blank=True)
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    addressed = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.lineage} {self.event} {self.recorded_at:%Y-%m-%d}"


class RiskStatement(models.Model):
    """The company's public explanation of its risks (art. 27), a frozen copy of the register as it
    was published. A correction is a new version; earlier ones stay readable."""

    register = models.ForeignKey(RiskRegister, on_delete=models.PROTECT, related_name="statements")
    version = models.PositiveSmallIntegerField()
    content = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["register", "-version"]
        unique_together = [("register", "version")]
        verbose_name = _("public risk statement")

    def __str__(self) -> str:
        return f"{self.register} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published statement is never changed; publish a new version.")
        super().save(*args, **kwargs)


class SectorReport(models.Model):
    """The sector's risks aggregated for one year (collectieve risico's): built by the secretariat
    from the companies' registers and shared with the parties once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField()
    built_at = models.DateTimeField(auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "-year__number", "-built_at"]
        verbose_name = _("sector risk report")

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"


class CollectiveRisk(models.Model):
    """A risk the parties address together in a risk module or project (art. 29-30), chosen from
    the sector report."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey("agreements.AgreementYear", on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(_("theme"), max_length=40)
    material = models.CharField(_("raw material or metal"), max_length=40, blank=True)
    area = models.CharField(_("country or continent"), max_length=10, blank=True)
    rationale = models.TextField(_("why the parties address this risk together"))
    chosen_on = models.DateField(_("chosen on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-chosen_on", "pk"]
        verbose_name = _("collective risk")
        verbose_name_plural = _("collective risks")

    def __str__(self) -> str:
        return f"{self.theme} {self.material} {self.area}".strip()
