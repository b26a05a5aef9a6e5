"""Keeping the budget: the year's total, the funders' pledges and payments, and the companies'
yearly contributions (art. 78–82)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imvo.agreements.models import AgreementYear
from imvo.agreements.selectors import companies_owing, size_class_for
from imvo.finance.models import Budget, Funding, Invoice


def _not_negative(**amounts: Decimal | None) -> None:
    errors = {
        name: _("An amount cannot be negative.") for name, value in amounts.items() if value and value < 0
    }
    if errors:
        raise ValidationError(errors)


def budget_set(*, year: AgreementYear, total: Decimal, note: str, actor) -> Budget:
    _not_negative(total=total)
    budget, _created = Budget.objects.update_or_create(
        year=year, defaults={"total": total, "note": note.strip(), "updated_by": actor}
    )
    return budget


def funding_add(
    *, budget: Budget, source: str, description: str, committed: Decimal, received: Decimal, actor
) -> Funding:
    if source not in Funding.Source.values:
        raise ValidationError({"source": _("Choose a source.")})
    _not_negative(committed=committed, received=received)
    return Funding.objects.create(
        budget=budget, source=source, description=description.strip(), committed=committed, received=received
    )


def funding_delete(*, funding: Funding, actor) -> None:
    funding.delete()


@transaction.atomic
def invoices_prepare(*, budget: Budget, actor) -> tuple[int, list[str]]:
    """An invoice for every company that owes the year's contribution and has none yet, at its size
    class's fee; the companies left out (no FTE, or no fee set for their class) by name."""
    agreement = budget.year.agreement
    have = set(budget.invoices.values_list("organization_id", flat=True))
    made, left_out = [], []
    for company in companies_owing(budget.year).exclude(pk__in=have).order_by("name"):
        size_class = size_class_for(agreement=agreement, fte=company.fte)
        if size_class is None or size_class.yearly_fee is None:
            left_out.append(company.name)
            continue
        made.append(
            Invoice(
                budget=budget, organization=company, size_class=size_class.name, amount=size_class.yearly_fee
            )
        )
    Invoice.objects.bulk_create(made)
    return len(made), left_out


def invoice_update(
    *, invoice: Invoice, reference: str, invoiced_on: dt.date | None, paid_on: dt.date | None, actor
) -> Invoice:
    if paid_on and not invoiced_on:
        raise ValidationError({"invoiced_on": _("An invoice is sent before it is paid.")})
    if paid_on and invoiced_on and paid_on < invoiced_on:
        raise ValidationError({"paid_on": _("The payment cannot come before the invoice.")})
    invoice.reference, invoice.invoiced_on, invoice.paid_on = reference.strip(), invoiced_on, paid_on
    invoice.save(update_fields=["reference", "invoiced_on", "paid_on"])
    return invoice
