"""Recording a grievance mechanism in the browser, and the public list; checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from imvo.core.tests.test_browser import assert_accessible, browser_type_launch_args, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_company_records_its_grievance_mechanism_for_third_parties(world, live_server, page: Page):
    world.company_admin.language = "en"
    world.company_admin.save(update_fields=["language"])
    log_in(page, live_server, world.company_admin.email)
    page.goto(f"{live_server.url}/organizations/{world.company.pk}/")
    page.get_by_role("link", name="Record the grievance mechanism").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^How the mechanism works")).fill(
        "Complaints are answered within four weeks."
    )
    page.get_by_label(re.compile("^Open to third parties")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Say how third parties reach the mechanism")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Web page")).fill("https://alfa.example/complaints")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    page.get_by_role("link", name="Grievance mechanisms of all participating companies").click()
    expect(page.get_by_role("main")).to_contain_text("https://alfa.example/complaints")
    assert_accessible(page)
