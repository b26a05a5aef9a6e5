"""Organizations of an agreement, their participation (membership lifecycle) and confidentiality agreements."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A company, industry association, NGO, union, the secretariat or the government."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        INDUSTRY_ASSOCIATION = "industry_association", _("industry association")
        NGO = "ngo", _("NGO")
        UNION = "union", _("union")
        SECRETARIAT = "secretariat", _("secretariat")
        GOVERNMENT = "government", _("government")
        OTHER = "other", _("other organization")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    email = models.EmailField(_("general e-mail address"), blank=True)
    fte = models.PositiveIntegerField(
        _("FTE"),
        null=True,
        blank=True,
        help_text=_("Full-time equivalents; sets the size class and the yearly contribution."),
    )
    chain_positions = models.JSONField(
        _("positions in the chain"),
        default=list,
        blank=True,
        help_text=_("Codes from the agreement's list of chain positions."),
    )
    reporting_regime = models.CharField(
        _("public reporting regime"),
        max_length=10,
        blank=True,
        help_text=_("Art. 31: CSRD, the listed-SME standard or the voluntary SME standard."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_company(self) -> bool:
        return self.kind == self.Kind.COMPANY


class Participation(models.Model):
    """An organization's place in one agreement, from application to its end (art. 40-41, 69-77)."""

    class Form(models.TextChoices):
        PARTY = "party", _("party")
        SUPPORTER = "supporter", _("supporter")
        EXPERT = "expert", _("expert")
        OBSERVER = "observer", _("observer (not a party)")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved, awaiting signature")
        REJECTED = "rejected", _("rejected")
        ACTIVE = "active", _("active")
        NOTICE_GIVEN = "notice_given", _("notice given")
        REMOVAL_PENDING = "removal_pending", _("being removed")
        ENDED = "ended", _("ended")
        REMOVED = "removed", _("removed")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="participations"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="participations")
    form = models.CharField(_("form of participation"), max_length=12, choices=Form.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.APPLIED)
    applicant_name = models.CharField(_("contact person"), max_length=200, blank=True)
    applicant_email = models.EmailField(_("contact e-mail address"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    motivation_letter = models.FileField(
        _("motivation letter"), upload_to="participation/motivation/%Y/", blank=True
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    parties_informed_on = models.DateField(_("parties informed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    notice_reasons = models.TextField(_("reasons for terminating"), blank=True)
    ends_on = models.DateField(
        _("participation ends on"),
        null=True,
        blank=True,
        help_text=_("The first day the organization no longer takes part."),
    )
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    removal_explanation = models.TextField(_("public explanation of the removal"), blank=True)
    obligations_until = models.DateField(_("obligations run until"), null=True, blank=True)

    class Meta:
        ordering = ["organization__name"]
        unique_together = [("agreement", "organization")]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.organization} – {self.agreement} ({self.get_form_display()})"

    def is_active_on(self, day: dt.date) -> bool:
        if self.signed_on is None or self.signed_on > day:
            return False
        return self.ends_on is None or day < self.ends_on

    @property
    def current_status(self) -> str:
        """The status as of today: a notice or removal whose date has passed has ended it."""
        if self.ends_on and self.ends_on <= timezone.localdate():
            if self.status == self.Status.NOTICE_GIVEN:
                return self.Status.ENDED
            if self.status == self.Status.REMOVAL_PENDING:
                return self.Status.REMOVED
        return self.status

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status).label)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES and self.is_active_on(timezone.localdate())

    @property
    def is_pending_application(self) -> bool:
        return self.status in (self.Status.APPLIED, self.Status.APPROVED)


ACTIVE_STATUSES = (
    Participation.Status.ACTIVE,
    Participation.Status.NOTICE_GIVEN,
    Participation.Status.REMOVAL_PENDING,
)


class ParticipationEvent(models.Model):
    """One dated step of the membership lifecycle, with who took it."""

    class Kind(models.TextChoices):
        APPLIED = "applied", _("applied with a motivation letter")
        PARTIES_INFORMED = "parties_informed", _("parties informed of the application")
        HEARING_REQUESTED = "hearing_requested", _("hearing of the applicant requested")
        HEARING_HELD = "hearing_held", _("applicant heard")
        APPROVED = "approved", _("approved by the core group")
        REJECTED = "rejected", _("rejected by the core group")
        SIGNED = "signed", _("signed the agreement")
        NOTICE_GIVEN = "notice_given", _("gave notice of termination")
        REMINDED = "reminded", _("reminded by the core group")
        REMOVAL_DECIDED = "removal_decided", _("removal decided by the core group")
        ADMITTED = "admitted", _("recorded as participant")

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    on_behalf_of = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    note = models.TextField(_("note"), blank=True)
    document = models.FileField(_("document"), upload_to="participation/events/%Y/", blank=True)

    class Meta:
        ordering = ["participation", "on", "recorded_at"]
        verbose_name = _("participation step")
        verbose_name_plural = _("participation steps")

    def __str__(self) -> str:
        return f"{self.participation.organization}: {self.get_kind_display()} ({self.on})"


class ConfidentialityAgreement(models.Model):
    """A signed confidentiality agreement (art. 13, 22, 23); later capabilities check for one."""

    class Scope(models.TextChoices):
        NGO_INSIGHT = "ngo_insight", _("insight in individual scores and advice (art. 13)")
        COMPANY_LOOKUP = "company_lookup", _("which companies are active in a region (art. 22)")
        SUPPLIER_SIGNALS = "supplier_signals", _("aggregated list and signals (art. 23)")
        SUPPORTER_PROTOCOL = "supporter_protocol", _("confidentiality protocol of supporters")
        GENERAL = "general", _("general confidentiality protocol")

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="confidentiality_agreements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="confidentiality_agreements"
    )
    scope = models.CharField(_("covers"), max_length=20, choices=Scope.choices)
    signed_by_name = models.CharField(_("signed by (name)"), max_length=200)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confidentiality_agreements",
        verbose_name=_("signed by (account)"),
    )
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    description = models.TextField(_("what it covers, in the words of the agreement"), blank=True)
    document = models.FileField(_("signed document"), upload_to="confidentiality/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("confidentiality agreement")
        verbose_name_plural = _("confidentiality agreements")

    def __str__(self) -> str:
        return f"{self.organization} – {self.get_scope_display()} ({self.signed_on})"

    def is_in_force_on(self, day: dt.date) -> bool:
        if self.signed_on > day or (self.revoked_on and self.revoked_on <= day):
            return False
        return self.valid_until is None or day <= self.valid_until


class GrievanceMechanism(models.Model):
    """A company's own grievance mechanism (klachtenregeling), open to third parties with
    complaints or information about abuses in its supply chain (art. 85)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="grievance_mechanism"
    )
    description = models.TextField(_("how the mechanism works"))
    url = models.URLField(_("web page"), blank=True)
    contact = models.CharField(_("how to reach it"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    open_to_third_parties = models.BooleanField(_("open to third parties"), default=False)
    aligned_with_ungp = models.BooleanField(
        _("aligned with the effectiveness criteria of the UN Guiding Principles (principle 31)"),
        default=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("grievance mechanism")

    def __str__(self) -> str:
        return f"{self.organization}"
