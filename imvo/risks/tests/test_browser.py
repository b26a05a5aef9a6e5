"""The risk analysis in the browser: a company builds its register from the suggestions of its
production locations, scores and explains it, and publishes its statement; the sector's risks as
an NGO sees them. Every page checked with axe-core."""

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
from imvo.core.tests.test_permissions import _collective, _sector_report
from imvo.risks import services
from imvo.supply_chain import services as chain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_company_builds_its_register_from_suggestions_and_publishes_its_statement(
    world, live_server, page: Page
):
    ll = chain.list_start_empty(
        organization=world.company, year=world.agreement.current_year(), actor=world.company_member
    )
    mine = {"name": "Rubaya", "country": "CD", "region": "CD-NK", "activity": "artisanal_mining"}
    chain.location_save(
        location_list=ll, data={**mine, "materials": ["tantalum"]}, actor=world.company_member
    )
    log_in(page, live_server, in_english(world.company_member).email)
    page.get_by_role("navigation").get_by_role("link", name="Risk analysis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk analysis")
    assert_accessible(page)
    page.get_by_role("button", name="Start the register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Risk register of Alfa Metaal BV")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Suggestions from your production locations")).click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Conflict financing")
    expect(table).to_contain_text("conflict-affected")
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile("Conflict financing")).check()
    page.get_by_role("button", name="Take the chosen risks into the register").click()
    expect(page.get_by_role("status")).to_contain_text("in the register")
    expect(page.get_by_text(re.compile("Still needed:"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Edit and score")).first.click()
    expect(page.get_by_role("heading", name="What the reference data say")).to_be_visible()
    assert_accessible(page)
    for field in ("^Scale", "^Scope"):
        page.get_by_role("group", name=re.compile(field)).get_by_role("radio", name=re.compile("^4 ")).check()
    page.get_by_role("group", name=re.compile("^Irremediable")).get_by_role(
        "radio", name=re.compile("^5 ")
    ).check()
    page.get_by_role("group", name=re.compile("^Likelihood")).get_by_role(
        "radio", name=re.compile("^2 ")
    ).check()
    page.get_by_role("group", name=re.compile("women or girls")).get_by_role(
        "radio", name=re.compile("^yes")
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("Give the evidence that it is lower here"))).to_be_visible()
    expect(page.get_by_text(re.compile("Say how women or girls"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Evidence for a lower likelihood").fill(
        "Our smelter audit of 2026 traced no ore from Rubaya."
    )
    page.get_by_label(re.compile("^How")).fill("Women carry ore and are paid less.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    prioritised = page.get_by_role("list", name="Prioritised risks")
    expect(prioritised).to_contain_text("Prioritised (number 1 of 1)")
    expect(page.get_by_role("table", name=re.compile("Open risks by severity"))).to_contain_text("1")
    assert_accessible(page)

    page.get_by_role("button", name="Publish the statement").click()
    expect(page.get_by_role("status")).to_contain_text("published")
    page.get_by_role("link", name="version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Risk statement of Alfa Metaal BV")
    expect(page.get_by_role("main")).not_to_contain_text("Kivu")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/risks/statements/")
    page.get_by_role("link", name="Alfa Metaal BV").click()
    expect(page.get_by_role("list", name="Geprioriteerde risico's")).to_contain_text("Conflictfinanciering")
    assert_accessible(page)
    page.goto(f"{live_server.url}/risks/sources/")
    expect(page.get_by_role("main")).to_contain_text("editie juni 2026")
    assert_accessible(page)


def test_an_ngo_sees_the_published_sector_risks_and_the_collective_ones(world, live_server, page: Page):
    year = world.agreement.current_year()
    for company, actor in (
        (world.company, world.company_member),
        (world.other_company, world.other_company_admin),
        (world.third_company, world.secretariat),
    ):
        register = services.register_start(organization=company, year=year, actor=actor)
        data = {"theme": "child_labour", "material": "cobalt", "country": "CD", "nature": "potential"}
        data |= {"scale": 5, "scope": 3, "irremediability": 4, "likelihood": 4, "gender": "no"}
        services.risk_save(register=register, data=data, actor=actor)
    _sector_report(world)
    _collective(world)
    log_in(page, live_server, in_english(world.ngo_member).email)
    page.goto(f"{live_server.url}/risks/sector/")
    rows = page.get_by_role("table", name="Per theme, raw material and area")
    expect(rows).to_contain_text("Child labour")
    expect(rows).to_contain_text("Cobalt")
    expect(page.get_by_role("list", name="Collective risks")).to_contain_text("Africa")
    expect(page.get_by_role("button", name="Build a draft")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.secretariat).email)
    page.goto(f"{live_server.url}/risks/")
    expect(page.get_by_role("table", name=re.compile("Companies' registers"))).to_contain_text(
        "Beta Staal BV"
    )
    assert_accessible(page)
    page.goto(f"{live_server.url}/risks/sector/")
    expect(page.get_by_role("main")).to_contain_text("stays the only one of that year")
    expect(page.get_by_role("button", name="Build a draft")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("combobox", name=re.compile("^Theme")).select_option(label="Forced labour")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Please correct the fields marked below.")).to_be_visible()
    assert_accessible(page)
