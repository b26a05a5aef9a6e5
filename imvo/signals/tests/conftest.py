from __future__ import annotations

import datetime as dt

import pytest

from imvo.organizations.models import ConfidentialityAgreement
from imvo.organizations.services import confidentiality_agreement_record
from imvo.supply_chain import services as chain
from imvo.supply_chain.models import ProductionLocation

TIMAH = {
    "name": "PT Timah Tbk",
    "address": "Jl. Jenderal Sudirman 51",
    "city": "Pangkal Pinang",
    "country": "ID",
}
YUNNAN = {"name": "Yunnan Tin Company Limited", "address": "121 Jinhu Road", "city": "Gejiu", "country": "CN"}

REPORT = {
    "description": "Kinderen werken in de tinmijn naast het smeltbedrijf.",
    "theme": "child_labour",
    "occurred": "maart 2026",
    "urgency": "urgent",
    "site_name": "Timah smelter",
    "site_address": "Jalan Jend. Sudirman 51",
    "site_city": "Pangkal Pinang",
    "site_country": "ID",
    "site_region": "",
}


def submitted_list(world, org, rows, actor):
    ll = chain.list_start_empty(organization=org, year=world.agreement.current_year(), actor=actor)
    ProductionLocation.objects.filter(location_list=ll).delete()
    for row in rows:
        chain.location_save(
            location_list=ll,
            data={"activity": "smelting", "materials": ["tin"], "tier": "3+", **row},
            actor=actor,
        )
    chain.list_submit(location_list=ll, actor=actor)
    chain.match_list(ll)
    return ll


@pytest.fixture
def sector(world):
    """Alfa and Beta buy from Timah, Gamma from Yunnan; the NGO signed the clause of art. 23."""
    confidentiality_agreement_record(
        agreement=world.agreement,
        organization=world.ngo,
        scope=ConfidentialityAgreement.Scope.SUPPLIER_SIGNALS,
        signed_by_name=world.ngo_member.full_name,
        signed_by=world.ngo_member,
        signed_on=dt.date(2025, 11, 1),
        actor=world.secretariat,
    )
    submitted_list(world, world.company, [TIMAH, YUNNAN], world.company_member)
    submitted_list(world, world.other_company, [TIMAH], world.other_company_admin)
    third_admin = world.third_company.members.first()
    if third_admin is None:
        from imvo.core.tests.factories import UserFactory

        third_admin = UserFactory(
            organization=world.third_company, is_org_admin=True, email="admin@gamma.example"
        )
    world.third_company_admin = third_admin
    submitted_list(world, world.third_company, [YUNNAN], third_admin)
    return world
