"""Signals (signalen, art. 23 and 60g): a report of a risk or an abuse at a production site, the
companies the secretariat brings it to, and the dialogue between each of them and the reporter.

Which companies buy from the site is known to the secretariat alone: the reporter follows the
signal's status and talks to "company A" unless that company chooses to say who it is, and no
company learns of another."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def follow_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Signal(models.Model):
    class Channel(models.TextChoices):
        ACCOUNT = "account", _("by a party under its confidentiality clause")
        PUBLIC_FORM = "public_form", _("through the public form")

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("can follow the normal course")
        URGENT = "urgent", _("needs action within weeks")
        IMMEDIATE = "immediate", _("people are in danger now")

    class Status(models.TextChoices):
        SCREENING = "screening", _("waiting for screening")
        RECEIVED = "received", _("received")
        UNDER_REVIEW = "under_review", _("under review")
        COMPANIES_NOTIFIED = "companies_notified", _("companies notified")
        IN_DIALOGUE = "in_dialogue", _("in dialogue")
        RESOLVED = "resolved", _("resolved")
        ESCALATED = "escalated", _("escalated to a collective project")
        NOT_PURSUED = "not_pursued", _("not taken up")

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="signals")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    channel = models.CharField(_("received"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    reporter_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals_reported",
        verbose_name=_("reported by"),
    )
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporter_name = models.CharField(_("your name"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("your e-mail address"), blank=True)
    reporter_affiliation = models.CharField(_("your organization"), max_length=200, blank=True)
    anonymous_to_companies = models.BooleanField(
        _("do not tell the companies who reported it"), default=False
    )
    confidentiality_agreement = models.ForeignKey(
        "organizations.ConfidentialityAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("under the confidentiality clause"),
    )
    theme = models.CharField(_("theme"), max_length=40, blank=True)
    description = models.TextField(_("what happened, or what is at risk"))
    occurred = models.CharField(_("when"), max_length=200, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    early_warning = models.BooleanField(
        _("early warning for the core group"),
        default=False,
        help_text=_(
            "Art. 60g: an abuse the whole sector should know of; it goes on the core group's agenda."
        ),
    )
    site_name = models.CharField(_("name of the site"), max_length=500)
    site_address = models.CharField(_("address"), max_length=500, blank=True)
    site_city = models.CharField(_("city or place"), max_length=200, blank=True)
    site_region = models.CharField(_("region"), max_length=10, blank=True)
    site_country = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    facility = models.ForeignKey(
        "supply_chain.Facility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("site in the registry"),
    )
    follow_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    screening_note = models.TextField(_("why it is not taken up"), blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.ESCALATED, self.Status.NOT_PURSUED)

    @property
    def reporter_label(self) -> str:
        if self.reporter_organization_id:
            return str(self.reporter_organization)
        return self.reporter_affiliation or self.reporter_name


class Evidence(models.Model):
    """A file the reporter sent, kept unaltered; companies see it only when the reporter allowed it."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="signals/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    share_with_companies = models.BooleanField(_("may be shown to the companies concerned"), default=False)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signal", "uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """The secretariat pointing one company at a signal (art. 23): its thread with the reporter.
    `label` is the letter the reporter knows the company by, given when it first writes to them;
    `named_at` is when the company chose to tell the reporter its name."""

    class Response(models.TextChoices):
        NOTIFIED = "notified", _("not yet answered")
        INVESTIGATING = "investigating", _("looking into it")
        ACTING = "acting", _("taking action")
        NOT_A_SUPPLIER = "not_a_supplier", _("does not buy from this site")
        DONE = "done", _("action completed")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="notices")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="signal_notices"
    )
    response = models.CharField(
        _("the company's response"), max_length=16, choices=Response.choices, default=Response.NOTIFIED
    )
    label = models.CharField(max_length=2, blank=True)
    notified_at = models.DateTimeField(_("notified at"), default=timezone.now)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    read_at = models.DateTimeField(_("first read at"), null=True, blank=True)
    named_at = models.DateTimeField(_("name shown to the reporter at"), null=True, blank=True)

    class Meta:
        ordering = ["signal", "notified_at", "pk"]
        unique_together = [("signal", "organization")]
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "label"], condition=~models.Q(label=""), name="one_company_per_letter"
            )
        ]
        verbose_name = _("notice to a company")
        verbose_name_plural = _("notices to companies")

    def __str__(self) -> str:
        return f"{self.signal} → {self.organization}"


class Message(models.Model):
    """One message of a signal's dialogue. Without a notice it is between the reporter and the
    secretariat; with one, in that company's thread, which the reporter sees once the company has
    written to it — except the private messages between the company and the secretariat."""

    class Side(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        COMPANY = "company", _("company")
        SECRETARIAT = "secretariat", _("secretariat")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="messages")
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    side = models.CharField(max_length=12, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"))
    private = models.BooleanField(_("only between the company and the secretariat"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.signal} {self.get_side_display()} {self.created_at:%Y-%m-%d}"


class Event(models.Model):
    """A dated step of the signal. The reporter's timeline shows the steps marked for them, which
    never name a company."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("signal reported")
        ACCEPTED = "accepted", _("taken up after screening")
        NOT_PURSUED = "not_pursued", _("not taken up")
        SITE_IDENTIFIED = "site_identified", _("site identified in the registry")
        REVIEW_STARTED = "review_started", _("review started")
        COMPANIES_NOTIFIED = "companies_notified", _("companies notified")
        COMPANY_RESPONDED = "company_responded", _("a company changed its response")
        COMPANY_NAMED = "company_named", _("a company told the reporter its name")
        DIALOGUE_STARTED = "dialogue_started", _("dialogue started")
        ON_AGENDA = "on_agenda", _("put on the core group's agenda as an early warning")
        RESOLVED = "resolved", _("resolved")
        ESCALATED = "escalated", _("escalated to a collective project proposal")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    for_reporter = models.BooleanField(default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.signal}: {self.get_kind_display()}"
