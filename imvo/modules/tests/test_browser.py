"""Modules in the browser: the secretariat plans a session and records who came; the company sees
what it must follow, why, and that it did. Every page checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from imvo.core.tests.test_browser import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    in_english,
    log_in,
)
from imvo.monitoring import services as monitoring

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_plans_a_session_records_attendance_and_the_company_sees_it(
    world, live_server, page: Page
):
    rnd = monitoring.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    monitoring.assessment_submit(
        assessment=rnd.assessments.get(organization=world.company), actor=world.company_admin
    )

    log_in(page, live_server, in_english(world.secretariat).email)
    page.get_by_role("navigation").get_by_role("link", name="Modules").click()
    assert_accessible(page)
    page.get_by_role("link", name="Knowledge module: RBC policy and embedding").click()
    assert_accessible(page)
    page.get_by_role("link", name="Plan a session").click()
    assert_accessible(page)
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("From").fill("00:00")
    page.get_by_label("Until").fill("23:59")
    page.get_by_label("Place").fill("SER, Den Haag")
    page.get_by_role("button", name="Plan the session").click()
    expect(page.get_by_role("status")).to_contain_text("The session has been planned.")
    expect(page.get_by_role("table")).to_contain_text("SER, Den Haag")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Attendance")).click()
    assert_accessible(page)
    page.get_by_label("Alfa Metaal BV (company)").check()
    page.get_by_label("Who came from Alfa Metaal BV").fill("Ann de Vries")
    page.get_by_label("Stichting Ketenrecht (NGO)").check()
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_role("status")).to_contain_text("The attendance has been recorded.")
    page.goto(f"{live_server.url}/modules/overview/")
    expect(page.get_by_role("table", name="Taking part per module")).to_contain_text("Alfa Metaal BV")
    assert_accessible(page)
    page.get_by_role("link", name="Alfa Metaal BV").first.click()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.company_member).email)
    expect(page.get_by_role("region", name="Your modules")).to_contain_text("fulfilled")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("modules you may follow")).click()
    must = page.get_by_role("table", name="Must follow")
    policy = must.get_by_role("row", name=re.compile("RBC policy and embedding"))
    expect(policy).to_contain_text("Your overall score 0 % is below 35 %.")
    expect(policy).to_contain_text("fulfilled")
    expect(must.get_by_role("row", name=re.compile("Sector module"))).to_contain_text("not yet followed")
    assert_accessible(page)
