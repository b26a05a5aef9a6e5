"""A report in the browser: the secretariat composes it, writes its texts and publishes it; anyone
reads it on the public pages. Every page checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from imvo.core.tests.test_browser import (  # noqa: F401
    assert_accessible,
    browser_type_launch_args,
    in_english,
    log_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_composes_and_publishes_a_report_the_public_reads(world, live_server, page: Page):
    log_in(page, live_server, in_english(world.secretariat).email)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports").click()
    assert_accessible(page)
    page.get_by_label("Report").select_option(label="Year 2 – Progress report")
    page.get_by_role("button", name="Compose").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress report")
    expect(page.get_by_role("heading", name="Who takes part")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Write the introduction")
    page.get_by_label("Introduction").fill("Seven parties worked on due diligence this year.")
    page.get_by_role("button", name="Save the texts").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("published")
    url = page.url
    page.get_by_role("button", name="Log out").click()

    page.goto(url)
    expect(page.get_by_text("Seven parties worked on due diligence this year.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/public/")
    expect(page.get_by_role("link", name="Progress report, Year 2")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/public/participants/")
    expect(page.get_by_role("table")).to_contain_text("Alfa Metaal BV")
    assert_accessible(page)
    page.goto(f"{live_server.url}/public/map/")
    assert_accessible(page)
