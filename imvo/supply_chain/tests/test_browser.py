"""Production locations in the browser: an upload with errors fixed and resubmitted, the review
queue, and the aggregated list's map; every page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from imvo.core.tests.test_browser import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    in_english,
    log_in,
)
from imvo.supply_chain import services
from imvo.supply_chain.models import Facility, ProductionLocation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Name;Address;City;Country;Activity type;Materials;Tier\n"
GOOD = "PT Timah Tbk;Jl. Jenderal Sudirman 51;Pangkal Pinang;Indonesia;smelter;tin;3+\n"


def test_a_company_fixes_an_upload_and_submits_its_list(world, live_server, page: Page, tmp_path):
    log_in(page, live_server, in_english(world.company_member).email)
    page.get_by_role("navigation").get_by_role("link", name="Production locations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Production locations")
    assert_accessible(page)

    bad = tmp_path / "list.csv"
    bad.write_text(HEADER + GOOD + "Mina X;;Oruro;Atlantis;mine;tin;3+\n", encoding="cp1252")
    page.get_by_label("Excel or CSV file").set_input_files(bad)
    page.get_by_role("button", name="Upload the list").click()
    problems = page.get_by_role("table", name=re.compile("problem"))
    expect(problems).to_contain_text("Atlantis")
    expect(problems.get_by_role("row").nth(1)).to_contain_text("3")
    expect(page.get_by_role("heading", name=re.compile("1 location"))).to_be_visible()
    assert_accessible(page)

    good = tmp_path / "list-corrected.csv"
    good.write_text(HEADER + GOOD + "Mina X;;Oruro;Bolivia;mine;tin;3+\n", encoding="cp1252")
    page.get_by_label("Excel or CSV file").set_input_files(good)
    page.get_by_role("button", name="Upload the list").click()
    expect(page.get_by_role("heading", name=re.compile("2 locations"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("problem"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Submit the list").click()
    expect(page.get_by_role("status")).to_contain_text("submitted")
    expect(page.get_by_role("button", name="Correct it in a new version")).to_be_visible()
    assert_accessible(page)


def test_the_secretariat_works_through_the_review_queue(world, live_server, page: Page):
    mentok = Facility.objects.create(
        name="Timah Mentok Smelter", city="Muntok", country="ID", activity="smelting"
    )
    other = Facility.objects.create(
        name="PT Timah Industri", city="Cilegon", country="ID", activity="smelting"
    )
    ll = services.list_start_empty(
        organization=world.company, year=world.agreement.current_year(), actor=world.company_member
    )
    services.location_save(
        location_list=ll,
        data={
            "name": "Timah smelter",
            "city": "Muntok",
            "country": "ID",
            "activity": "smelting",
            "tier": "3+",
        },
        actor=world.company_member,
    )
    services.list_submit(location_list=ll, actor=world.company_member)
    ll.locations.update(
        decision=ProductionLocation.Decision.REVIEW,
        facility=None,
        candidates=[
            {"facility": mentok.pk, "score": 84.0, "fields": {"name": 80.0}},
            {"facility": other.pk, "score": 78.0, "fields": {"name": 75.0}},
        ],
    )

    log_in(page, live_server, in_english(world.secretariat).email)
    page.goto(f"{live_server.url}/production-locations/")
    page.get_by_role("link", name="Review queue").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Timah smelter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this the same site?")
    assert_accessible(page)
    page.get_by_label(f"The same site as facility #{mentok.pk}").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_role("status").first).to_contain_text("Decided")
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()
    assert_accessible(page)
    assert ll.locations.get().facility == mentok


def test_parties_see_the_aggregated_map(world, live_server, page: Page):
    for i, (org, person) in enumerate(
        [
            (world.company, world.company_member),
            (world.other_company, world.other_company_admin),
            (world.third_company, world.secretariat),
        ]
    ):
        ll = services.list_start_empty(organization=org, year=world.agreement.current_year(), actor=person)
        services.location_save(
            location_list=ll,
            data={
                "name": f"Smelter {i}",
                "country": "PE",
                "region": "PE-ICA",
                "activity": "smelting",
                "materials": ["tin"],
            },
            actor=person,
        )
        services.list_submit(location_list=ll, actor=person)
        services.match_list(ll)
    aggregated = services.aggregate_build(
        agreement=world.agreement, year=world.agreement.current_year(), actor=world.secretariat
    )
    services.aggregate_publish(aggregated=aggregated, actor=world.secretariat)

    log_in(page, live_server, in_english(world.union_member).email)
    page.goto(f"{live_server.url}/production-locations/aggregated/")
    expect(page.get_by_role("table", name="Per country")).to_contain_text("Peru")
    expect(page.get_by_role("img", name=re.compile("World map"))).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('location-map')")
    assert_accessible(page)
    page.get_by_label("Activity type", exact=True).select_option("mining")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table", name="Per country")).to_contain_text("Nothing to show.")
