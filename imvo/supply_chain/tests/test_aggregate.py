"""The aggregated list as parties meet it: built from the submitted lists, published by the
secretariat, never traceable to one company, with an art. 24 restriction counted at country level."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from imvo.core.tests.factories import OrganizationFactory
from imvo.organizations.models import Organization, Participation
from imvo.organizations.services import participation_admit
from imvo.supply_chain import services
from imvo.supply_chain.disclosure import Publication
from imvo.supply_chain.models import AggregatedList, DisclosureRestriction


def _company(world, name):
    from imvo.conftest import SIGNED

    org = OrganizationFactory(kind=Organization.Kind.COMPANY, name=name)
    participation_admit(
        agreement=world.agreement,
        organization=org,
        form=Participation.Form.PARTY,
        signed_on=SIGNED,
        actor=None,
    )
    return org


def _submit(world, org, rows, year=None):
    from imvo.core.tests.factories import UserFactory

    actor = UserFactory(organization=org)
    ll = services.list_start_empty(organization=org, year=year or world.agreement.current_year(), actor=actor)
    for row in rows:
        services.location_save(
            location_list=ll, data={"materials": ["tin"], "tier": "3+", **row}, actor=actor
        )
    services.list_submit(location_list=ll, actor=actor)
    services.match_list(ll)
    return ll


def _site(name, region="ID-BB", activity="smelting"):
    return {"name": name, "country": "ID", "region": region, "activity": activity}


def _cells(aggregated):
    return {
        (c.level, c.area, c.activity, c.material): c.locations
        for c in Publication.from_json(aggregated.publication).cells
    }


def test_three_companies_make_a_region_cell_two_do_not(world):
    for i, org in enumerate([world.company, world.other_company, world.third_company]):
        _submit(world, org, [_site(f"Smelter {i}"), _site("PT Timah Tbk")])
    aggregated = services.aggregate_build(
        agreement=world.agreement, year=world.agreement.current_year(), actor=world.secretariat
    )
    assert _cells(aggregated) == {("region", "ID-BB", "smelting", "tin"): 4}

    lone = _company(world, "Delta Metaal BV")
    _submit(world, lone, [_site("Mijn Sumatra", region="ID-SU", activity="mining")])
    aggregated = services.aggregate_build(
        agreement=world.agreement, year=world.agreement.current_year(), actor=world.secretariat
    )
    cells = _cells(aggregated)
    assert cells[("region", "ID-BB", "smelting", "tin")] == 4
    assert not any(key[1] in ("ID-SU", "ID") and key[2] == "mining" for key in cells), cells


def test_parties_see_only_the_published_list_and_never_a_name(world, login, client):
    for i, org in enumerate([world.company, world.other_company, world.third_company]):
        _submit(world, org, [_site(f"Geheime Smelter {i}")])
    login(world.secretariat)
    client.post(reverse("supply_chain:aggregate_build"), {"year": world.agreement.current_year().number})
    aggregated = AggregatedList.objects.get()
    login(world.ngo_member)
    assert "Kepulauan Bangka Belitung" not in client.get(reverse("supply_chain:aggregate")).content.decode()
    login(world.secretariat)
    client.post(reverse("supply_chain:aggregate_publish", args=[aggregated.pk]))
    login(world.ngo_member)
    page = client.get(reverse("supply_chain:aggregate")).content.decode()
    assert "Kepulauan Bangka Belitung" in page and "Geheime Smelter" not in page
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("supply_chain:aggregate_excel", args=[aggregated.pk])).content)
    )
    values = [c for row in workbook.active.iter_rows(values_only=True) for c in row if c is not None]
    assert 3 in values and not any("Geheime" in str(v) for v in values)


def test_a_restricted_location_counts_only_at_country_level(world):
    lists = [
        _submit(world, org, [_site(f"Smelter {i}")])
        for i, org in enumerate([world.company, world.other_company, world.third_company])
    ]
    restriction = services.restriction_request(
        agreement=world.agreement,
        organization=world.company,
        facilities=[lists[0].locations.get().facility],
        reasons="Herleidbaar",
        actor=world.company_member,
    )
    services.restriction_decide(
        restriction=restriction, approve=True, decided_on=None, note="", actor=world.chair
    )
    assert DisclosureRestriction.objects.get().status == "approved"
    cells = _cells(
        services.aggregate_build(
            agreement=world.agreement, year=world.agreement.current_year(), actor=world.secretariat
        )
    )
    assert ("region", "ID-BB", "smelting", "tin") not in cells
    assert sum(n for key, n in cells.items() if key[0] != "region") <= 3
