"""The agreement as a record: its dates, years, size classes with fees, and the obligations calendar."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imvo.core.i18n import Bilingual, pick


class Agreement(Bilingual, models.Model):
    """A sector agreement (sectorovereenkomst). Nothing assumes there is only one."""

    slug = models.SlugField(unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60)
    sector_nl = models.CharField(_("sector (Dutch)"), max_length=100)
    sector_en = models.CharField(_("sector (English)"), max_length=100, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    framework_version = models.CharField(_("assessment-framework version"), max_length=40)
    definition = models.JSONField(
        _("definition"), default=dict, help_text=_("The data file the agreement was loaded from.")
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.short_name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def sector(self) -> str:
        return self.localized("sector")

    def setting(self, *path: str, default=None):
        """A value from the agreement's definition file, e.g. `setting("termination", "notice_months")`."""
        node = self.definition
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    @property
    def min_companies_per_cell(self) -> int:
        return int(self.setting("confidentiality", "min_companies_per_cell", default=3))

    def vocabulary(self, name: str) -> list[dict]:
        return list(self.setting(name, default=[]) or [])

    def vocabulary_choices(self, name: str) -> list[tuple[str, str]]:
        """(code, name in the active language) for each entry of a vocabulary of the data file."""
        return [(v["code"], pick(v.get("name_nl", ""), v.get("name_en", ""))) for v in self.vocabulary(name)]

    def year_on(self, day: dt.date) -> AgreementYear | None:
        return self.years.filter(start_date__lte=day, end_date__gte=day).first()

    def current_year(self) -> AgreementYear | None:
        return self.year_on(timezone.localdate())


class AgreementYear(models.Model):
    """A numbered agreement year (jaar 1 … 4); its dates are generated, then editable."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="years")
    number = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    class Meta:
        ordering = ["agreement", "number"]
        unique_together = [("agreement", "number")]
        verbose_name = _("agreement year")
        verbose_name_plural = _("agreement years")

    def __str__(self) -> str:
        return _("Year %(number)s") % {"number": self.number}

    def contains(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date


class SizeClass(Bilingual, models.Model):
    """A size class by FTE, with the yearly contribution the secretariat sets (art. 80)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="size_classes")
    code = models.SlugField()
    name_nl = models.CharField(_("name (Dutch)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    min_fte = models.PositiveIntegerField(_("from FTE"))
    max_fte = models.PositiveIntegerField(_("up to and including FTE"), null=True, blank=True)
    yearly_fee = models.DecimalField(
        _("yearly contribution (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty until the secretariat sets it."),
    )

    class Meta:
        ordering = ["agreement", "min_fte"]
        unique_together = [("agreement", "code")]
        verbose_name = _("size class")
        verbose_name_plural = _("size classes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    def covers(self, fte: int) -> bool:
        return fte >= self.min_fte and (self.max_fte is None or fte <= self.max_fte)

    @property
    def fte_range(self) -> str:
        if self.max_fte is None:
            return f"> {self.min_fte - 1}"
        return f"{self.min_fte}–{self.max_fte}"


class Obligation(Bilingual, models.Model):
    """What every participating company owes in an agreement year, with its due date."""

    year = models.ForeignKey(AgreementYear, on_delete=models.CASCADE, related_name="obligations")
    kind = models.SlugField(_("kind"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    article = models.CharField(_("article"), max_length=20, blank=True)
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["year__number", "due_date", "kind"]
        unique_together = [("year", "kind")]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def name(self) -> str:
        return self.localized("name")


class CompanyObligation(models.Model):
    """One company's part in an obligation: due (perhaps extended), done or waived."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        WAIVED = "waived", _("not applicable")

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="company_obligations")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="obligations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    due_date_override = models.DateField(
        _("extended due date"),
        null=True,
        blank=True,
        help_text=_("Set by the secretariat to give this company more time."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["obligation__due_date", "organization__name"]
        unique_together = [("obligation", "organization")]
        verbose_name = _("company obligation")
        verbose_name_plural = _("company obligations")

    def __str__(self) -> str:
        return f"{self.organization} – {self.obligation}"

    @property
    def due_date(self) -> dt.date:
        return self.due_date_override or self.obligation.due_date

    def state(self, today: dt.date | None = None) -> str:
        """done, waived, late, due (within 30 days) or upcoming: what the calendar shows."""
        if self.status != self.Status.OPEN:
            return self.status
        today = today or timezone.localdate()
        if self.due_date < today:
            return "late"
        if (self.due_date - today).days <= 30:
            return "due"
        return "upcoming"


STATE_LABELS = {
    "done": _("done"),
    "waived": _("not applicable"),
    "late": _("late"),
    "due": _("due soon"),
    "upcoming": _("upcoming"),
}
