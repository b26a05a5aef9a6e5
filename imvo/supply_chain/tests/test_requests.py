"""Art. 22–24: which companies are active in a region, restricted disclosure, and networks."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from imvo.supply_chain import selectors, services
from imvo.supply_chain.models import CompanyLookup, DisclosureRestriction


def _submitted(world, org, rows):
    actor = world.company_member if org == world.company else world.other_company_admin
    ll = services.list_start_empty(organization=org, year=world.agreement.current_year(), actor=actor)
    for row in rows:
        services.location_save(
            location_list=ll, data={"activity": "mining", "materials": ["tantalum"], **row}, actor=actor
        )
    services.list_submit(location_list=ll, actor=actor)
    services.match_list(ll)
    return ll


KIVU = {"name": "Mine de Rubaya", "country": "CD", "region": "CD-NK"}
LUALABA = {"name": "Kamoto Copper Company", "country": "CD", "region": "CD-LU"}


def test_an_ngo_with_a_confidentiality_agreement_learns_which_companies_are_active(world, login, client):
    _submitted(world, world.company, [KIVU])
    _submitted(world, world.other_company, [LUALABA])
    login(world.ngo_member)
    response = client.post(
        reverse("supply_chain:lookups"),
        {"country": "CD", "region_text": "Nord-Kivu", "reason": "Onderzoek naar kinderarbeid"},
    )
    assert response.status_code == 302
    lookup = CompanyLookup.objects.get()
    assert (lookup.region, lookup.status) == ("CD-NK", "requested")
    assert (
        client.get(reverse("supply_chain:lookup", args=[lookup.pk])).content.decode().count("Alfa Metaal")
        == 0
    )

    login(world.secretariat)
    client.post(reverse("supply_chain:lookup", args=[lookup.pk]), {"approve": "1", "decision_note": ""})
    lookup.refresh_from_db()
    assert [c["name"] for c in lookup.answer] == ["Alfa Metaal BV"]

    LogEntry.objects.all().delete()
    login(world.ngo_member)
    page = client.get(reverse("supply_chain:lookup", args=[lookup.pk])).content.decode()
    assert "Alfa Metaal BV" in page and "Beta Staal BV" not in page
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == world.ngo_member and entry.object_pk == str(world.company.pk)


def test_without_a_confidentiality_agreement_an_ngo_cannot_ask(world):
    with pytest.raises(ValidationError):
        services.lookup_request(
            agreement=world.agreement,
            organization=world.ngo_without_ca,
            country="CD",
            region="",
            reason="x",
            actor=world.ngo_member_without_ca,
        )
    assert not selectors.may_ask_lookup(organization=world.union, agreement=world.agreement)


def test_a_refusal_needs_reasons_and_delivers_no_answer(world):
    lookup = services.lookup_request(
        agreement=world.agreement,
        organization=world.ngo,
        country="CD",
        region="",
        reason="x",
        actor=world.ngo_member,
    )
    with pytest.raises(ValidationError):
        services.lookup_decide(lookup=lookup, approve=False, note="", actor=world.secretariat)
    services.lookup_decide(lookup=lookup, approve=False, note="Te breed", actor=world.secretariat)
    assert lookup.status == "refused" and lookup.answer == []


def test_an_approved_restriction_hides_the_company_from_region_questions(world, login, client):
    ll = _submitted(world, world.company, [KIVU])
    facility = ll.locations.get().facility
    login(world.company_member)
    response = client.post(
        reverse("supply_chain:restrictions"),
        {"facilities": [facility.pk], "reasons": "Enige leverancier in de regio."},
    )
    assert response.status_code == 302
    restriction = DisclosureRestriction.objects.get()

    login(world.core_group_member)
    page = client.get(reverse("supply_chain:restrictions")).content.decode()
    assert (
        "Enige leverancier" in page and "Mine de Rubaya" not in page
    )  # the core group decides on reasons, not names

    login(world.chair)
    client.post(
        reverse("supply_chain:restriction_decide", args=[restriction.pk]),
        {"approve": "1", "decided_on": "2026-11-20", "decision_note": "Akkoord"},
    )
    restriction.refresh_from_db()
    assert (restriction.status, restriction.decided_on) == ("approved", dt.date(2026, 11, 20))
    assert selectors.companies_active_in(agreement=world.agreement, country="CD", region="CD-NK") == []
    assert selectors.companies_active_in(agreement=world.agreement, country="CD") == [world.company]


def test_the_networks_overview_is_kept_by_the_secretariat_and_shown_to_companies(world, login, client):
    login(world.secretariat)
    response = client.post(
        reverse("supply_chain:networks"),
        {
            "organization": world.ngo.pk,
            "country": "CD",
            "region_text": "CD-NK",
            "materials": ["tin"],
            "description": "Partners in Goma",
        },
    )
    assert response.status_code == 302
    login(world.company_member)
    page = client.get(reverse("supply_chain:networks")).content.decode()
    assert "Stichting Ketenrecht" in page and "Partners in Goma" in page
    assert client.post(reverse("supply_chain:networks"), {"organization": world.ngo.pk}).status_code == 200
    assert selectors.networks(agreement=world.agreement).count() == 1
