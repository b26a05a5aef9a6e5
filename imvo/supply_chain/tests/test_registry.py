"""Submitted locations are matched into one registry of facilities; every decision is remembered,
so a re-uploaded or slightly edited list is never asked about again."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse

from imvo.supply_chain import selectors, services
from imvo.supply_chain.models import Facility, MatchDecision, ProductionLocation


def _list(world, org, rows, year=None):
    ll = services.list_start_empty(
        organization=org, year=year or world.agreement.current_year(), actor=world.company_member
    )
    ProductionLocation.objects.filter(location_list=ll).delete()
    for row in rows:
        services.location_save(
            location_list=ll,
            data={"activity": "smelting", "materials": ["tin"], "tier": "3+", **row},
            actor=world.company_member,
        )
    return ll


def _submit_and_match(ll, actor):
    services.list_submit(location_list=ll, actor=actor)
    return services.match_list(ll)


TIMAH = {
    "name": "PT Timah Tbk",
    "address": "Jl. Jenderal Sudirman 51",
    "city": "Pangkal Pinang",
    "country": "ID",
}
TIMAH_OTHER_SPELLING = {
    "name": "P.T. TIMAH (Persero) Tbk.",
    "address": "Jalan Jend. Sudirman No. 51",
    "city": "Pangkal Pinang",
    "country": "ID",
}
YUNNAN = {"name": "Yunnan Tin Company Limited", "address": "121 Jinhu Road", "city": "Gejiu", "country": "CN"}


def test_the_same_smelter_from_two_companies_is_one_facility(world):
    first = _list(world, world.company, [TIMAH, YUNNAN])
    stats = _submit_and_match(first, world.company_member)
    assert stats.new == 2
    second = _list(world, world.other_company, [TIMAH_OTHER_SPELLING])
    _submit_and_match(second, world.other_company_admin)
    loc = second.locations.get()
    assert loc.decision in (ProductionLocation.Decision.AUTO, ProductionLocation.Decision.REVIEW)
    if loc.decision == ProductionLocation.Decision.AUTO:
        assert loc.facility == first.locations.get(name="PT Timah Tbk").facility
    assert Facility.objects.count() == 2


def test_an_unchanged_reupload_is_decided_from_memory(world):
    first = _list(world, world.company, [TIMAH, YUNNAN])
    _submit_and_match(first, world.company_member)
    again = services.list_new_version(location_list=first, actor=world.company_member)
    stats = _submit_and_match(again, world.company_member)
    assert (stats.remembered, stats.auto, stats.review, stats.new) == (2, 0, 0, 0)
    assert Facility.objects.count() == 2


def test_a_review_decision_is_never_asked_again(world, login, client):
    Facility.objects.create(name="Timah Mentok Smelter", city="Muntok", country="ID", activity="smelting")
    Facility.objects.create(name="PT Timah Industri", city="Cilegon", country="ID", activity="smelting")
    ll = _list(world, world.company, [{"name": "Timah smelter", "country": "ID"}])
    _submit_and_match(ll, world.company_member)
    loc = ll.locations.get()
    if loc.decision != ProductionLocation.Decision.REVIEW:
        loc.decision = ProductionLocation.Decision.REVIEW
        loc.candidates = [{"facility": f.pk, "score": 80.0, "fields": {}} for f in Facility.objects.all()]
        loc.facility = None
        loc.save()
    assert selectors.review_queue_unique(agreement=world.agreement) == [loc]

    login(world.secretariat)
    page = client.get(reverse("supply_chain:review", args=[loc.pk]))
    assert page.status_code == 200 and "Timah smelter" in page.content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.secretariat).exists()
    chosen = Facility.objects.get(name="Timah Mentok Smelter")
    response = client.post(reverse("supply_chain:review", args=[loc.pk]), {"facility": chosen.pk})
    assert response.status_code == 302
    loc.refresh_from_db()
    assert (loc.facility, loc.decision) == (chosen, ProductionLocation.Decision.CONFIRMED)
    assert MatchDecision.objects.get(fingerprint=loc.fingerprint, facility=chosen).same
    assert not MatchDecision.objects.get(fingerprint=loc.fingerprint, facility__name="PT Timah Industri").same

    other = _list(world, world.other_company, [{"name": "Timah smelter", "country": "ID"}])
    stats = _submit_and_match(other, world.other_company_admin)
    assert (stats.remembered, stats.review) == (1, 0)
    assert other.locations.get().facility == chosen
    assert selectors.review_queue_unique(agreement=world.agreement) == []


def test_rejecting_every_candidate_makes_a_new_facility(world):
    existing = Facility.objects.create(name="Timah Mentok Smelter", country="ID", activity="smelting")
    ll = _list(world, world.company, [{"name": "Timah smelter", "country": "ID"}])
    services.list_submit(location_list=ll, actor=world.company_member)
    loc = ll.locations.get()
    loc.decision = ProductionLocation.Decision.REVIEW
    loc.candidates = [{"facility": existing.pk, "score": 80.0, "fields": {}}]
    loc.save()
    facility = services.review_new_facility(location=loc, actor=world.secretariat)
    assert facility != existing and facility.name == "Timah smelter"
    assert not MatchDecision.objects.get(fingerprint=loc.fingerprint, facility=existing).same


def test_merging_two_facilities_moves_locations_and_memory(world, login, client):
    ll = _list(world, world.company, [TIMAH])
    _submit_and_match(ll, world.company_member)
    keep = ll.locations.get().facility
    duplicate = Facility.objects.create(name="Timah (duplicate)", country="ID")
    other = _list(world, world.other_company, [{"name": "Timah dup", "country": "ID"}])
    services.list_submit(location_list=other, actor=world.other_company_admin)
    other.locations.update(facility=duplicate, decision=ProductionLocation.Decision.CONFIRMED)
    MatchDecision.objects.create(fingerprint=other.locations.get().fingerprint, facility=duplicate, same=True)

    login(world.secretariat)
    response = client.post(reverse("supply_chain:facility", args=[keep.pk]), {"other": duplicate.pk})
    assert response.status_code == 302
    assert other.locations.get().facility == keep
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    again = services.list_new_version(location_list=other, actor=world.other_company_admin)
    stats = _submit_and_match(again, world.other_company_admin)
    assert stats.remembered == 1 and again.locations.get().facility == keep


def test_the_registry_is_for_the_secretariat_only(world, login, client):
    facility = Facility.objects.create(name="PT Timah Tbk", country="ID")
    for role in ("company_member", "ngo_member", "core_group_member", "chair"):
        login(world.user(role))
        assert client.get(reverse("supply_chain:facility", args=[facility.pk])).status_code == 403
        assert client.get(reverse("supply_chain:registry")).status_code == 403


def test_smelters_from_the_cmrt_join_the_list_and_match_by_their_rmi_number(world, login, client):
    import datetime as dt

    from imvo.monitoring.models import CmrtImport
    from imvo.monitoring.services import round_open

    rnd = round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    smelter = {
        "cid": "CID001482",
        "metal": "tin",
        "name": "PT Timah Tbk Kundur",
        "country_code": "ID",
        "street": "",
        "city": "Kundur",
        "region": "",
    }
    CmrtImport.objects.create(
        assessment=rnd.assessments.get(organization=world.company),
        file="x.xlsx",
        original_name="cmrt.xlsx",
        sha256="0" * 64,
        template="CMRT",
        revision="6.5",
        smelters=[
            smelter,
            {
                **smelter,
                "cid": "CID002180",
                "metal": "gold",
                "name": "Umicore Precious Metals Refining",
                "country_code": "BE",
            },
        ],
    )
    ll = services.list_start_empty(organization=world.company, year=rnd.year, actor=world.company_member)
    login(world.company_member)
    assert "CMRT" in client.get(reverse("supply_chain:list", args=[ll.pk])).content.decode()
    client.post(reverse("supply_chain:list_add_cmrt", args=[ll.pk]))
    client.post(reverse("supply_chain:list_add_cmrt", args=[ll.pk]))  # twice adds nothing more
    rows = {loc.reference: loc for loc in ll.locations.all()}
    assert set(rows) == {"CID001482", "CID002180"}
    assert (rows["CID002180"].activity, rows["CID002180"].materials, rows["CID002180"].tier) == (
        "refining",
        ["gold"],
        "3+",
    )
    _submit_and_match(ll, world.company_member)
    assert Facility.objects.get(rmi_cid="CID001482").name == "PT Timah Tbk Kundur"

    other = _list(
        world,
        world.other_company,
        [{"name": "Timah Kundur smelter (Bangka)", "reference": "CID001482", "country": "ID"}],
    )
    stats = _submit_and_match(other, world.other_company_admin)
    assert stats.auto == 1 and other.locations.get().facility.rmi_cid == "CID001482"
