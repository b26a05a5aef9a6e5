"""A signal in the browser, from report to dialogue: the NGO reports, the secretariat finds the site
and notifies the companies, a company answers as "company A", the NGO answers back. Every page
checked with axe-core."""

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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_signal_from_report_to_dialogue(sector, live_server, page: Page):
    log_in(page, live_server, in_english(sector.ngo_member).email)
    page.get_by_role("navigation").get_by_role("link", name="Signals").click()
    assert_accessible(page)
    page.get_by_role("link", name="Report a signal").click()
    page.get_by_label("What happened, or what is at risk").fill("Children carry ore at the smelter's gate.")
    page.get_by_label("Theme").select_option(label="Child labour")
    page.get_by_role("radio", name="needs action within weeks").check()
    page.get_by_label("Name of the site or company where it happens").fill("Timah smelter")
    page.get_by_label("City or place").fill("Pangkal Pinang")
    page.get_by_label("Country").select_option("ID")
    page.get_by_label("Region or province").fill("Atlantis")
    assert_accessible(page)
    page.get_by_role("button", name="Send the signal").click()
    expect(page.get_by_text("We do not know this region")).to_be_visible()
    expect(page.get_by_label("What happened, or what is at risk")).to_have_value(
        "Children carry ore at the smelter's gate."
    )
    assert_accessible(page)
    page.get_by_label("Region or province").fill("Kepulauan Bangka Belitung")
    page.get_by_role("button", name="Send the signal").click()
    expect(page.get_by_role("status")).to_contain_text("has been received")
    reference = page.get_by_role("heading", level=1).inner_text().split()[-1]
    assert_accessible(page)
    _log_out(page)

    log_in(page, live_server, in_english(sector.secretariat).email)
    page.goto(f"{live_server.url}/signals/")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("radio", name=re.compile("^PT Timah Tbk")).check()
    assert_accessible(page)
    page.get_by_role("button", name="This is the site").click()
    companies = page.get_by_role("region", name="Companies that buy from the site")
    expect(companies).to_contain_text("Alfa Metaal BV")
    expect(companies).to_contain_text("Beta Staal BV")
    expect(companies).not_to_contain_text("Gamma")
    page.get_by_role("button", name="Notify the companies").click()
    expect(page.get_by_role("status")).to_contain_text("notified")
    assert_accessible(page)
    _log_out(page)

    log_in(page, live_server, in_english(sector.company_member).email)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Children carry ore")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Beta Staal")
    page.get_by_label("Message").fill("We buy from this smelter and have asked it for an explanation.")
    page.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.get_by_role("status")).to_contain_text("sent")
    assert_accessible(page)
    _log_out(page)

    log_in(page, live_server, sector.ngo_member.email)
    page.goto(f"{live_server.url}/signals/")
    page.get_by_role("link", name=reference).click()
    thread = page.get_by_role("region", name="Company A")
    expect(thread).to_contain_text("asked it for an explanation")
    expect(page.locator("main")).not_to_contain_text("Alfa Metaal")
    expect(page.locator("main")).not_to_contain_text("Beta Staal")
    expect(page.locator("main")).to_contain_text("in dialogue")
    thread.get_by_label("Message").fill("Thank you. Our partner can take you to the site.")
    thread.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.get_by_role("region", name="Company A")).to_contain_text("Our partner can take you")
    assert_accessible(page)


def test_the_public_form_and_the_follow_page_are_accessible(sector, live_server, page: Page):
    page.goto(f"{live_server.url}/signals/report/public/")
    assert_accessible(page)
    page.get_by_label("Naam van de locatie of het bedrijf waar het gebeurt").fill("Timah")
    page.get_by_label("Land").select_option("ID")
    page.get_by_label("Wat is er gebeurd, of wat dreigt er te gebeuren").fill("Kinderen dragen erts.")
    page.get_by_label("Uw naam").fill("Siti")
    page.get_by_role("button", name="Verstuur het signaal").click()
    expect(page.get_by_role("status")).to_contain_text("ontvangen")
    expect(page.get_by_role("heading", level=1)).to_contain_text("S-")
    assert_accessible(page)
