"""The budget of each agreement year (art. 78–82): the total, what the government, the SER and the
sector commit and pay, and each company's yearly contribution by size class."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Budget(models.Model):
    """The budget (begroting) of one agreement year; it must close (sluitend zijn, art. 78)."""

    year = models.OneToOneField("agreements.AgreementYear", on_delete=models.CASCADE, related_name="budget")
    total = models.DecimalField(_("total budget (EUR)"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("budget")

    def __str__(self) -> str:
        return f"{self.year}: {self.total}"


class Funding(models.Model):
    """A contribution pledged by a funder: the government, the SER, or the sector besides the
    companies' yearly contributions (an industry association, for instance)."""

    class Source(models.TextChoices):
        GOVERNMENT = "government", _("government")
        SECTOR = "sector", _("sector")
        SER = "ser", _("SER")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    description = models.CharField(_("description"), max_length=200)
    committed = models.DecimalField(_("committed (EUR)"), max_digits=12, decimal_places=2)
    received = models.DecimalField(_("received (EUR)"), default=0, max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["budget", "source", "pk"]
        verbose_name = _("funding")

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.description}"


class Invoice(models.Model):
    """A company's yearly contribution (art. 80), at the fee of its size class when prepared."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="invoices")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="invoices"
    )
    size_class = models.CharField(_("size class"), max_length=60)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("invoice number"), max_length=60, blank=True)
    invoiced_on = models.DateField(_("invoiced on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "organization__name"]
        unique_together = [("budget", "organization")]
        verbose_name = _("contribution invoice")

    def __str__(self) -> str:
        return f"{self.organization} – {self.budget.year}"
