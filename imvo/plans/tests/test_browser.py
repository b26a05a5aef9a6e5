"""The plan of approach in the browser: a company drafts its plan from the pre-fill (last year's open
goal and a goal per prioritised risk), has a goal refused, fixes it and submits; the secretariat sees
it and builds the aggregated plan. Every page checked with axe-core."""

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
from imvo.organizations.models import Organization
from imvo.plans.models import Goal
from imvo.plans.tests.factories import prioritised_risk, submitted_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_company_drafts_from_the_prefill_fixes_a_refused_goal_and_submits(world, live_server, page: Page):
    year1, year2 = world.agreement.years.get(number=1), world.agreement.years.get(number=2)
    submitted_plan(
        world.company, year1, world.company_member, goals=[{"step": "2", "what": "Map our tier-1 suppliers"}]
    )
    prioritised_risk(world.company, year2, world.company_member)

    log_in(page, live_server, in_english(world.company_member).email)
    page.get_by_role("navigation").get_by_role("link", name="Plan of approach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan of approach")
    assert_accessible(page)
    page.get_by_role("button", name="Make the plan in the platform").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan of approach of Alfa Metaal BV")
    goals = page.get_by_role("list", name="Goals")
    expect(goals).to_contain_text("Map our tier-1 suppliers")
    expect(goals).to_contain_text("Prevent or mitigate: Child labour")
    expect(page.get_by_text("2 goals are not complete yet")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Last year's goals"))).to_contain_text("no update yet")
    expect(page.get_by_role("button", name="Submit the plan")).to_have_count(0)
    assert_accessible(page)

    risk_goal = Goal.objects.get(plan__year=year2, source=Goal.Source.RISK)
    page.locator(f"#goal-{risk_goal.pk}").get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a goal")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Who:?$")).fill("Head of purchasing")
    page.get_by_label("By when").fill("2024-01-31")
    page.get_by_label("Indicator").fill("All cobalt smelters RMAP-conformant")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("before this plan's year began"))).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Who:?$"))).to_have_value("Head of purchasing")
    expect(page.get_by_label("Indicator")).to_have_value("All cobalt smelters RMAP-conformant")
    assert_accessible(page)
    page.get_by_label("By when").fill("2027-06-30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The goal has been saved.")

    carried = Goal.objects.get(plan__year=year2, source=Goal.Source.CARRIED)
    page.locator(f"#goal-{carried.pk}").get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.get_by_text("This goal comes from your plan of")).to_be_visible()
    page.get_by_label(re.compile(r"^Who:?$")).fill("Sustainability manager")
    page.get_by_label("By when").fill("2027-03-31")
    page.get_by_label("Indicator").fill("80 % of tier-1 suppliers mapped")
    page.get_by_label(re.compile(r"^Status:?$")).select_option(label="in progress")
    page.get_by_label("Note on the status").fill("Half of them mapped in year 1.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The goal has been saved.")
    expect(page.get_by_text(re.compile("No goal yet for:"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to the secretariat")
    expect(page.get_by_role("table", name=re.compile("Last year's goals"))).to_contain_text("in progress")
    expect(page.get_by_role("button", name="Start a new version")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.secretariat).email)
    page.goto(f"{live_server.url}/plans/")
    table = page.get_by_role("table", name="Companies' plans per year")
    expect(table).to_contain_text("Beta Staal BV")
    assert_accessible(page)
    table.get_by_role("link", name="submitted Alfa Metaal BV Year 2").click()
    expect(page.get_by_role("link", name="Add a goal")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/plans/aggregated/")
    page.get_by_role("button", name="Build a draft").click()
    expect(page.get_by_text(re.compile("Fewer than 3 companies have submitted a plan"))).to_be_visible()
    assert_accessible(page)


def test_a_company_hands_in_its_report_and_the_parties_read_the_aggregated_plan(
    world, live_server, page: Page
):
    year2 = world.agreement.years.get(number=2)
    fourth = world._party(Organization.Kind.COMPANY, "Delta Draad BV")
    for org, actor in (
        (world.other_company, world.other_company_admin),
        (world.third_company, world.secretariat),
        (fourth, world.secretariat),
    ):
        prioritised_risk(org, year2, actor)
        submitted_plan(
            org, year2, actor, goals=[{"step": "1", "what": "Policy"}, {"step": "2", "what": "Scan"}]
        )

    log_in(page, live_server, in_english(world.company_admin).email)
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("button", name="Hand in our CSRD/CSDDD report").click()
    expect(page.get_by_text("No report uploaded yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Upload the report").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^Your CSRD/CSDDD report")).set_input_files(
        files=[
            {
                "name": "sustainability-statement.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 report",
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status")).to_contain_text("uploaded")
    page.get_by_role("link", name="Map the sections").click()
    assert_accessible(page)
    for step in range(1, 6):
        page.get_by_label(re.compile(f"^Step {step} .*where the report covers it")).fill(
            f"§3.{step}, p. {40 + step}"
        )
    page.get_by_label(re.compile("^Step 6 .*does not cover it")).check()
    page.get_by_label(re.compile("^Step 1 .*does not cover it")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("not both")).to_be_visible()
    expect(page.get_by_label(re.compile("^Step 1 .*where the report covers it"))).to_have_value("§3.1, p. 41")
    assert_accessible(page)
    page.get_by_label(re.compile("^Step 1 .*does not cover it")).uncheck()
    page.get_by_role("button", name="Save").click()
    table = page.get_by_role("table", name="Where the report covers each due-diligence step")
    expect(table).to_contain_text("§3.2, p. 42")
    expect(table).to_contain_text("not covered")
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to the secretariat")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.secretariat).email)
    page.goto(f"{live_server.url}/plans/aggregated/")
    page.get_by_role("button", name="Build a draft").click()
    expect(page.get_by_role("table", name="Goals per due-diligence step")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write the introduction").click()
    page.get_by_label(re.compile("^Introduction")).fill("Four companies handed in their plans this year.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish to the parties").click()
    expect(page.get_by_role("status")).to_contain_text("published")

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.ngo_member).email)
    page.goto(f"{live_server.url}/plans/aggregated/")
    expect(page.get_by_text("Four companies handed in their plans this year.")).to_be_visible()
    expect(page.get_by_text(re.compile("4 companies submitted"))).to_be_visible()
    steps = page.get_by_role("table", name="Goals per due-diligence step")
    expect(steps).to_contain_text("Cease, prevent or mitigate")
    expect(page.get_by_role("main")).not_to_contain_text("Alfa Metaal")
    assert_accessible(page)
