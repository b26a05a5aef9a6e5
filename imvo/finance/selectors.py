"""Reads of the budget: the shares against the agreement's targets (art. 79), the companies'
contributions by size class (art. 80), and whether the budget still closes (art. 82)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from imvo.agreements.models import AgreementYear
from imvo.finance.models import Budget, Funding, Invoice

ZERO = Decimal("0")


@dataclass(frozen=True)
class Share:
    source: str
    target_percent: Decimal
    target: Decimal
    committed: Decimal
    received: Decimal
    total_committed: Decimal = ZERO

    @property
    def percent(self) -> Decimal | None:
        """This source's part of what is committed, to set beside its target percentage."""
        return None if not self.total_committed else (self.committed * 100 / self.total_committed)

    @property
    def short(self) -> Decimal:
        return max(self.target - self.committed, ZERO)


@dataclass(frozen=True)
class SizeClassLine:
    size_class: str
    companies: int
    amount: Decimal
    invoiced: Decimal
    paid: Decimal


@dataclass
class BudgetView:
    year: AgreementYear
    budget: Budget | None
    shares: list[Share] = field(default_factory=list)
    size_classes: list[SizeClassLine] = field(default_factory=list)
    committed: Decimal = ZERO
    received: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        """How much is still missing for the budget to close; zero when it closes."""
        return max((self.budget.total if self.budget else ZERO) - self.committed, ZERO)

    @property
    def closes(self) -> bool:
        return self.budget is not None and self.gap == ZERO


def shares_of(year: AgreementYear) -> dict[str, Decimal]:
    """The agreement's split of the budget in percent (art. 79: government 47, sector 33, SER 20)."""
    raw = year.agreement.setting("budget", "shares", default={})
    return {source: Decimal(str(raw.get(source, 0))) for source in Funding.Source.values}


def budget_view(*, year: AgreementYear) -> BudgetView:
    budget = Budget.objects.filter(year=year).first()
    view = BudgetView(year=year, budget=budget)
    if budget is None:
        return view
    committed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    received: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in budget.fundings.values("source").annotate(c=Sum("committed"), r=Sum("received")):
        committed[row["source"]] += row["c"] or ZERO
        received[row["source"]] += row["r"] or ZERO
    lines: dict[str, dict] = defaultdict(
        lambda: {"companies": 0, "amount": ZERO, "invoiced": ZERO, "paid": ZERO}
    )
    for invoice in budget.invoices.all():
        line = lines[invoice.size_class]
        line["companies"] += 1
        line["amount"] += invoice.amount
        line["invoiced"] += invoice.amount if invoice.invoiced_on else ZERO
        line["paid"] += invoice.amount if invoice.paid_on else ZERO
        committed["sector"] += invoice.amount
        received["sector"] += invoice.amount if invoice.paid_on else ZERO
    view.committed = sum(committed.values(), ZERO)
    view.received = sum(received.values(), ZERO)
    view.shares = [
        Share(
            source=source,
            target_percent=percent,
            target=(budget.total * percent / 100).quantize(Decimal("0.01")),
            committed=committed[source],
            received=received[source],
            total_committed=view.committed,
        )
        for source, percent in shares_of(year).items()
    ]
    view.size_classes = [SizeClassLine(name, **line) for name, line in sorted(lines.items())]
    return view


def invoices(*, year: AgreementYear):
    return Invoice.objects.filter(budget__year=year).select_related("organization")


def invoices_of(*, organization, agreement) -> QuerySet[Invoice]:
    """A company's own contribution invoices, every year of the agreement: for the company and the
    secretariat (the organization page shows them with its other confidential details)."""
    return (
        Invoice.objects.filter(organization=organization, budget__year__agreement=agreement)
        .select_related("budget__year")
        .order_by("-budget__year__number")
    )
