"""The budget in the browser: the secretariat sets it, adds funding and prepares the companies'
contributions; the government observer reads whether it closes. Every page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from imvo.agreements.services import size_class_set_fee
from imvo.core.tests.test_browser import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    in_english,
    log_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_keeps_the_budget_and_the_government_reads_it(world, live_server, page: Page):
    for size_class in world.agreement.size_classes.all():
        size_class_set_fee(size_class=size_class, yearly_fee=1500)
    log_in(page, live_server, in_english(world.secretariat).email)
    page.get_by_role("navigation").get_by_role("link", name="Budget").click()
    expect(page.get_by_text("No budget has been set for this year yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Total budget")).fill("100000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("does not close")
    page.get_by_label("Source").select_option(label="government")
    page.get_by_label("Description").fill("Ministerie van Buitenlandse Zaken")
    page.get_by_label(re.compile("^Committed")).fill("47000")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("button", name="Prepare contributions").click()
    expect(page.get_by_role("status")).to_contain_text("3 contributions prepared")
    expect(page.get_by_role("table", name="Shares")).to_contain_text("47,000.00")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.government_observer).email)
    page.goto(f"{live_server.url}/budget/")
    expect(page.get_by_role("alert")).to_contain_text("48,500.00")
    expect(page.get_by_role("button", name="Prepare contributions")).to_have_count(0)
    assert_accessible(page)
