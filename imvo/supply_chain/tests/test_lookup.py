"""A reported site is looked up in the registry through the persistent name index, which the
services keep current as lists are matched, reviewed and facilities merged; and the companies that
source from the site are those whose latest submitted list holds it."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from imvo.organizations.models import Participation
from imvo.supply_chain import services
from imvo.supply_chain.lookup import companies_sourcing_from, site_lookup
from imvo.supply_chain.models import Facility, ProductionLocation, SiteToken

HEADER = "Naam;Adres;Plaats;Regio;Land;Type activiteit;Grondstoffen;Tier\n"
TIMAH = {
    "name": "PT Timah Tbk",
    "address": "Jl. Jenderal Sudirman 51",
    "city": "Pangkal Pinang",
    "country": "ID",
}
YUNNAN = {"name": "Yunnan Tin Company Limited", "address": "121 Jinhu Road", "city": "Gejiu", "country": "CN"}
JIANGXI = {"name": "Jiangxi Copper Smelter", "address": "15 Yejin Avenue", "city": "Guixi", "country": "CN"}
MENTOK = {"name": "Mentok Tin Smelter", "city": "Muntok", "country": "ID"}


def _list(world, org, rows, year=None, actor=None):
    ll = services.list_start_empty(
        organization=org, year=year or world.agreement.current_year(), actor=actor or world.company_member
    )
    ProductionLocation.objects.filter(location_list=ll).delete()
    for row in rows:
        services.location_save(
            location_list=ll,
            data={"activity": "smelting", "materials": ["tin"], "tier": "3+", **row},
            actor=actor or world.company_member,
        )
    return ll


def _submitted(world, org, rows, year=None, actor=None):
    ll = _list(world, org, rows, year=year, actor=actor)
    services.list_submit(location_list=ll, actor=actor or world.company_member)
    services.match_list(ll)
    return ll


def _facility(ll, name):
    return ll.locations.get(name=name).facility


def _words(facility):
    return set(SiteToken.objects.filter(facility=facility).values_list("token", flat=True))


def _in_review(location, *facilities):
    """The engine's doubt, set by hand so the test does not hang on its thresholds."""
    location.decision = ProductionLocation.Decision.REVIEW
    location.facility = None
    location.candidates = [{"facility": f.pk, "score": 80.0, "fields": {}} for f in facilities]
    location.save()


def test_an_uploaded_list_is_indexed_when_it_is_matched(world, django_capture_on_commit_callbacks):
    rows = ["PT Timah Tbk;Jl. Jenderal Sudirman 51;Pangkal Pinang;ID-BB;Indonesië;smelter;tin;3+"]
    with django_capture_on_commit_callbacks(execute=True):
        ll = services.list_upload(
            organization=world.company,
            year=world.agreement.current_year(),
            file=SimpleUploadedFile("lijst.csv", (HEADER + "\n".join(rows) + "\n").encode("cp1252")),
            actor=world.company_member,
        )
    ll.refresh_from_db()
    assert SiteToken.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.list_submit(location_list=ll, actor=world.company_member)
    facility = ll.locations.get().facility
    assert facility is not None
    assert _words(facility) == {"timah"}
    assert SiteToken.objects.get(facility=facility).country == "ID"

    found = site_lookup(country="ID", name="Timah")
    assert found.candidates[0].facility == facility


def test_a_new_spelling_is_indexed_when_a_match_links_it(world):
    first = _submitted(world, world.company, [TIMAH])
    facility = _facility(first, "PT Timah Tbk")
    assert _words(facility) == {"timah"}
    second = _submitted(
        world,
        world.other_company,
        [{**TIMAH, "name": "Timah Persero Smelter", "address": "Jalan Jend. Sudirman No. 51"}],
        actor=world.other_company_admin,
    )
    assert second.locations.get().decision == ProductionLocation.Decision.AUTO
    assert second.locations.get().facility == facility
    assert _words(facility) == {"timah", "smelter"}


def test_a_review_confirmation_indexes_how_the_site_was_written(world):
    first = _submitted(world, world.company, [MENTOK])
    facility = _facility(first, "Mentok Tin Smelter")
    second = _submitted(
        world,
        world.other_company,
        [{"name": "Unit Metalurgi Muntok", "country": "ID"}],
        actor=world.other_company_admin,
    )
    location = second.locations.get()
    _in_review(location, facility)
    assert "metal" not in _words(facility)

    services.review_confirm(location=location, facility=facility, actor=world.secretariat)

    assert {"unit", "metal", "muntok"} <= _words(facility)
    found = site_lookup(country="ID", name="Unit Metalurgi Muntok Works")
    assert found.candidates[0].facility == facility


def test_a_new_facility_from_review_is_indexed(world):
    first = _submitted(world, world.company, [MENTOK])
    second = _submitted(
        world,
        world.other_company,
        [{"name": "Koba Tin Smelter", "city": "Koba", "country": "ID"}],
        actor=world.other_company_admin,
    )
    location = second.locations.get()
    _in_review(location, _facility(first, "Mentok Tin Smelter"))

    facility = services.review_new_facility(location=location, actor=world.secretariat)

    assert _words(facility) == {"koba", "tin", "smelter"}
    assert site_lookup(country="ID", name="PT Koba Tin").candidates[0].facility == facility


def test_a_merge_moves_the_dropped_facilitys_words_to_the_kept_one(world):
    ll = _submitted(world, world.company, [TIMAH, {"name": "Timah Kundur Smelter", "country": "ID"}])
    keep, drop = _facility(ll, "PT Timah Tbk"), _facility(ll, "Timah Kundur Smelter")
    assert keep != drop

    services.facility_merge(keep=keep, drop=drop, actor=world.secretariat)

    assert _words(drop) == set()
    assert _words(keep) == {"timah", "kundur", "smelter"}
    found = site_lookup(country="ID", name="Kundur Smelter")
    assert [c.facility for c in found.candidates] == [keep]


def test_the_command_builds_the_index_for_facilities_created_without_it(world):
    facility = Facility.objects.create(name="Malaysia Smelting Corporation Berhad", country="MY")
    assert site_lookup(country="MY", name="Malaysia Smelting").candidates == []

    call_command("index_registry", verbosity=0)

    assert _words(facility) == {"malaysia", "smelter"}
    assert site_lookup(country="MY", name="Malaysia Smelting").candidates[0].facility == facility


def test_a_site_is_found_however_it_is_spelled(world):
    ll = _submitted(world, world.company, [TIMAH, YUNNAN, JIANGXI])
    timah, yunnan, jiangxi = (_facility(ll, row["name"]) for row in (TIMAH, YUNNAN, JIANGXI))

    bare = site_lookup(country="ID", name="Timah")
    assert bare.candidates[0].facility == timah

    respelled = site_lookup(
        country="ID",
        name="P.T. TIMAH (Persero) Tbk.",
        address="Jalan Jend. Sudirman No. 51",
        city="Pangkal Pinang",
    )
    assert respelled.decision == "auto"
    assert respelled.candidates[0].facility == timah

    reordered = site_lookup(country="CN", name="Tin Company Yunnan", city="Gejiu")
    assert reordered.candidates[0].facility == yunnan

    typo = site_lookup(country="CN", name="Jiangxy")
    assert typo.candidates[0].facility == jiangxi
    first_letters = site_lookup(country="CN", name="Jiiangxi")
    assert first_letters.candidates[0].facility == jiangxi


def test_a_site_in_another_country_is_not_found(world):
    _submitted(world, world.company, [TIMAH])

    found = site_lookup(country="MY", name="PT Timah Tbk")

    assert (found.decision, found.candidates) == ("new", [])
    assert site_lookup(country="ID", name="Nothing Alike").candidates == []


def test_a_site_written_as_listed_before_is_an_exact_hit(world, django_assert_max_num_queries):
    ll = _submitted(world, world.company, [TIMAH])
    with django_assert_max_num_queries(2):
        found = site_lookup(**{k: v for k, v in TIMAH.items()})
    assert found.decision == "auto"
    assert [(c.facility, c.score) for c in found.candidates] == [(_facility(ll, "PT Timah Tbk"), 100.0)]


def test_a_site_the_secretariat_said_is_not_a_facility_does_not_get_it(world):
    first = _submitted(world, world.company, [MENTOK])
    facility = _facility(first, "Mentok Tin Smelter")
    second = _submitted(
        world,
        world.other_company,
        [{"name": "Mentok Smelter", "country": "ID"}],
        actor=world.other_company_admin,
    )
    location = second.locations.get()
    _in_review(location, facility)
    new = services.review_new_facility(location=location, actor=world.secretariat)

    found = site_lookup(country="ID", name="Mentok Smelter")

    assert [c.facility for c in found.candidates] == [new]


def test_a_lookup_in_a_large_registry_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    facilities = Facility.objects.bulk_create(
        [Facility(name=f"Bangka Tin Smelter {n} Kampung{n}", country="ID") for n in range(300)]
    )
    services.index_facilities(facility_ids=[f.pk for f in facilities])
    target = facilities[123]

    with django_assert_max_num_queries(10):
        found = site_lookup(country="ID", name="Kampung123 Bangka Smelter", limit=3)
    assert found.candidates[0].facility == target
    assert len(found.candidates) <= 3

    with django_assert_max_num_queries(14):  # every word common: counted, then intersected
        common = site_lookup(country="ID", name="Bangka Tin Smelter")
    assert common.candidates

    with django_assert_max_num_queries(10):
        typo = site_lookup(country="ID", name="Kampong123")
    assert typo.candidates[0].facility == target


# --- the companies sourcing from a site ------------------------------------------------------


def test_the_companies_are_those_whose_latest_submitted_list_holds_the_site(
    world, django_assert_max_num_queries
):
    alfa = _submitted(world, world.company, [TIMAH, YUNNAN])
    timah = _facility(alfa, "PT Timah Tbk")
    beta = _list(world, world.other_company, [TIMAH], actor=world.other_company_admin)
    assert beta.status == "draft"
    services.match_locations(list(beta.locations.all()))
    assert beta.locations.get().facility == timah
    _submitted(world, world.third_company, [JIANGXI], actor=world.company_member)

    with django_assert_max_num_queries(4):
        companies = companies_sourcing_from(agreement=world.agreement, facility_ids=[timah.pk])

    assert companies == [world.company]
    yunnan = _facility(alfa, "Yunnan Tin Company Limited")
    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[yunnan.pk, timah.pk]) == [
        world.company
    ]
    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[]) == []


def test_a_company_that_dropped_the_site_from_its_newest_list_no_longer_sources_from_it(world):
    first = _submitted(world, world.company, [TIMAH, YUNNAN])
    timah = _facility(first, "PT Timah Tbk")
    correction = services.list_new_version(location_list=first, actor=world.company_member)
    correction.locations.filter(name="PT Timah Tbk").delete()
    services.list_submit(location_list=correction, actor=world.company_member)
    services.match_list(correction)

    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[timah.pk]) == []


def test_a_list_of_an_earlier_year_counts_until_this_years_is_submitted(world):
    today = timezone.localdate()
    for year in world.agreement.years.all():
        year.start_date = today + dt.timedelta(days=365 * (year.number - 2) - 10)
        year.end_date = year.start_date + dt.timedelta(days=364)
        year.save()
    current, earlier = world.agreement.years.get(number=2), world.agreement.years.get(number=1)
    assert world.agreement.current_year() == current
    ll = _submitted(world, world.company, [TIMAH], year=earlier)
    timah = _facility(ll, "PT Timah Tbk")
    _list(world, world.company, [YUNNAN], year=current)

    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[timah.pk]) == [world.company]

    _submitted(world, world.company, [YUNNAN], year=current)

    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[timah.pk]) == []


def test_a_company_that_left_is_not_named(world):
    ll = _submitted(world, world.company, [TIMAH])
    _submitted(world, world.other_company, [TIMAH], actor=world.other_company_admin)
    timah = _facility(ll, "PT Timah Tbk")
    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[timah.pk]) == [
        world.company,
        world.other_company,
    ]

    Participation.objects.filter(organization=world.other_company).update(
        status=Participation.Status.ENDED, ends_on=timezone.localdate() - dt.timedelta(days=1)
    )

    assert companies_sourcing_from(agreement=world.agreement, facility_ids=[timah.pk]) == [world.company]


def test_the_companies_of_a_merged_facility_follow_it(world):
    alfa = _submitted(world, world.company, [TIMAH])
    beta = _submitted(
        world,
        world.other_company,
        [{"name": "Timah Kundur Smelter", "country": "ID"}],
        actor=world.other_company_admin,
    )
    keep, drop = _facility(alfa, "PT Timah Tbk"), _facility(beta, "Timah Kundur Smelter")
    assert keep != drop

    services.facility_merge(keep=keep, drop=drop, actor=world.secretariat)

    for asked in ([keep.pk], [drop.pk]):
        assert companies_sourcing_from(agreement=world.agreement, facility_ids=asked) == [
            world.company,
            world.other_company,
        ]
