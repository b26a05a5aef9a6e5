"""The budget as the secretariat keeps it and the core group and government read it (art. 78–82)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from imvo.agreements.services import size_class_set_fee
from imvo.finance import selectors, services
from imvo.finance.models import Invoice


@pytest.fixture
def year(world):
    return world.agreement.current_year()


@pytest.fixture
def budget(world, year):
    return services.budget_set(year=year, total=Decimal("100000"), note="", actor=world.secretariat)


def _fees(world, **fees):
    for size_class in world.agreement.size_classes.all():
        size_class_set_fee(size_class=size_class, yearly_fee=fees.get(size_class.code))


def test_contributions_follow_each_companys_size_class(world, budget):
    _fees(world, small=Decimal("1500"), medium=Decimal("4000"))
    made, left_out = services.invoices_prepare(budget=budget, actor=world.secretariat)
    amounts = dict(Invoice.objects.values_list("organization__name", "amount"))
    assert amounts == {
        "Alfa Metaal BV": Decimal("1500"),
        "Beta Staal BV": Decimal("1500"),
        "Gamma Recycling BV": Decimal("4000"),
    }
    assert (made, left_out) == (3, [])
    assert services.invoices_prepare(budget=budget, actor=world.secretariat) == (0, []), "prepared once"


def test_a_company_without_a_fee_for_its_class_is_named_not_invoiced(world, budget):
    _fees(world, small=Decimal("1500"))
    made, left_out = services.invoices_prepare(budget=budget, actor=world.secretariat)
    assert made == 2 and left_out == ["Gamma Recycling BV"]


def test_the_shares_are_set_against_the_agreements_targets_and_the_gap_is_named(world, year, budget):
    services.funding_add(
        budget=budget,
        source="government",
        description="BZ",
        committed=Decimal("47000"),
        received=Decimal("20000"),
        actor=None,
    )
    services.funding_add(
        budget=budget, source="ser", description="SER", committed=Decimal("20000"), received=0, actor=None
    )
    _fees(world, small=Decimal("10000"), medium=Decimal("10000"))
    services.invoices_prepare(budget=budget, actor=world.secretariat)
    view = selectors.budget_view(year=year)
    shares = {s.source: s for s in view.shares}
    assert shares["government"].target == Decimal("47000.00") and not shares["government"].short
    assert shares["sector"].target == Decimal("33000.00") and shares["sector"].short == Decimal("3000")
    assert (view.committed, view.gap, view.closes) == (Decimal("97000"), Decimal("3000"), False)
    services.funding_add(
        budget=budget,
        source="sector",
        description="Federatie",
        committed=Decimal("3000"),
        received=0,
        actor=None,
    )
    assert selectors.budget_view(year=year).closes


def test_paid_contributions_count_as_received(world, year, budget):
    _fees(world, small=Decimal("1500"), medium=Decimal("4000"))
    services.invoices_prepare(budget=budget, actor=world.secretariat)
    invoice = Invoice.objects.get(organization=world.company)
    with pytest.raises(ValidationError):
        services.invoice_update(
            invoice=invoice, reference="", invoiced_on=None, paid_on=year.start_date, actor=None
        )
    services.invoice_update(
        invoice=invoice,
        reference="2026-017",
        invoiced_on=year.start_date,
        paid_on=year.start_date,
        actor=None,
    )
    view = selectors.budget_view(year=year)
    assert {s.source: s.received for s in view.shares}["sector"] == Decimal("1500")
    small = next(line for line in view.size_classes if line.companies == 2)
    assert (small.invoiced, small.paid) == (Decimal("1500"), Decimal("1500"))


def test_negative_amounts_are_refused_on_their_field(world, year):
    with pytest.raises(ValidationError) as e:
        services.budget_set(year=year, total=Decimal("-1"), note="", actor=None)
    assert "total" in e.value.error_dict


def test_the_page_warns_when_the_budget_does_not_close_and_keeps_a_refused_entry(world, login, year, budget):
    client = login(world.chair)
    page = client.get(reverse("finance:budget")).content.decode()
    assert "does not close" in page or "niet sluitend" in page or "sluit niet" in page
    assert "Set the budget" not in page and 'name="form"' not in page, (
        "the chair reads, the secretariat keeps"
    )
    client = login(world.secretariat)
    response = client.post(
        reverse("finance:budget"),
        {
            "form": "funding",
            "funding-source": "ser",
            "funding-description": "SER bijdrage 2027",
            "funding-committed": "-5",
        },
    )
    assert response.status_code == 400 and "SER bijdrage 2027" in response.content.decode()


def test_a_company_reads_its_own_contribution_invoices_and_no_others(world, login, client, budget):
    import datetime as dt

    _fees(world, small=Decimal("1500"), medium=Decimal("4000"))
    services.invoices_prepare(budget=budget, actor=world.secretariat)
    alfa = Invoice.objects.get(organization=world.company)
    services.invoice_update(
        invoice=alfa,
        reference="IMVO-2026-017",
        invoiced_on=dt.date(2026, 3, 1),
        paid_on=None,
        actor=world.secretariat,
    )
    login(world.company_member)
    page = client.get(reverse("organizations:detail", args=[world.company.pk])).content.decode()
    assert "IMVO-2026-017" in page and "1.500,00" in page
    other = client.get(reverse("organizations:detail", args=[world.other_company.pk])).content.decode()
    assert "IMVO-2026" not in other and "1.500,00" not in other
    login(world.other_company_admin)
    assert (
        "IMVO-2026-017"
        not in client.get(reverse("organizations:detail", args=[world.company.pk])).content.decode()
    )
