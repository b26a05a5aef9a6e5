"""In Debian's Chromium: people log in, switch language, use their pages; axe-core finds no
WCAG 2.1 AA violation on any page visited; keyboard and phone work."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def in_english(user):
    """The person reads the platform in English, so the tests can name what they see once."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label(re.compile("E-mailadres|E-mail address")).fill(email)
    page.get_by_label(re.compile("Wachtwoord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Inloggen|Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Welkom|Welcome"))


def test_a_company_member_logs_in_switches_language_and_sees_their_dashboard(world, live_server, page):
    page.goto(live_server.url)
    assert_accessible(page)
    log_in(page, live_server, world.company_admin.email)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Openstaand")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("EN")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("heading", name="What is due")).to_be_visible()
    assert_accessible(page)
    for link in ("Calendar", "Participants", "Core group", "Agreement", "Applications"):
        page.get_by_role("navigation", name="Main menu").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{live_server.url}/organizations/{world.company.pk}/")
    expect(page.get_by_text("120")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit details").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/profile/")
    assert_accessible(page)


def test_the_secretariat_filters_the_calendar_of_all_companies(world, live_server, page):
    log_in(page, live_server, world.secretariat.email)
    assert_accessible(page)
    page.goto(f"{live_server.url}/agreement/calendar/")
    assert_accessible(page)
    rows = page.locator("#calendar tbody tr")
    before = rows.count()
    page.get_by_label("Bedrijf").select_option(label="Beta Staal BV")
    expect(page).to_have_url(re.compile(r"organization=\d+"))
    expect(rows.first).to_contain_text("Beta Staal BV")
    assert rows.count() < before
    page.get_by_role("link", name=re.compile("^Deadline")).click()
    expect(page).to_have_url(re.compile("sort=-due"))
    assert_accessible(page)
    for url in (
        "/audit/",
        "/agreement/",
        "/organizations/new/",
        "/governance/core-group/",
        f"/organizations/{world.company.pk}/confidentiality/",
    ):
        page.goto(live_server.url + url)
        assert_accessible(page)


def test_an_application_with_mistakes_keeps_what_was_typed(world, live_server, page):
    page.goto(f"{live_server.url}/organizations/apply/")
    assert_accessible(page)
    page.get_by_label(re.compile("^Naam:?$")).fill("Zuid Koper BV")
    page.get_by_label("Uw naam").fill("Ilse Bos")
    page.get_by_label("Uw e-mailadres").fill("geen-adres")
    page.get_by_role("button", name=re.compile("aanvraag versturen", re.I)).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label(re.compile("^Naam:?$"))).to_have_value("Zuid Koper BV")
    expect(page.get_by_label("Uw naam")).to_have_value("Ilse Bos")
    assert_accessible(page)


def test_keyboard_users_skip_to_the_content(world, live_server, page):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("Direct naar de inhoud|Skip to content"))
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_pages_fit_a_phone(world, live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, world.secretariat.email)
    for url in ("/", "/agreement/calendar/", "/organizations/", f"/organizations/{world.company.pk}/"):
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} is {width}px wide on a 375px screen"
        assert_accessible(page)
    context.close()


def test_an_invited_person_creates_an_account_and_sees_their_dashboard(world, live_server, page):
    from django.core import mail

    log_in(page, live_server, world.company_admin.email)
    page.goto(f"{live_server.url}/organizations/{world.company.pk}/invite/")
    assert_accessible(page)
    page.get_by_label(re.compile("^E-mailadres")).fill("nieuw@alfa.example")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("nieuw@alfa.example")
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("Uw naam").fill("Nieuwe Collega")
    page.get_by_label("Kies een wachtwoord").fill("een-sterk-wachtwoord-9")
    page.get_by_label("Herhaal het wachtwoord").fill("een-sterk-wachtwoord-9")
    page.get_by_role("button", name=re.compile("account aanmaken", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Nieuwe")
    expect(page.get_by_role("heading", name="Openstaand")).to_be_visible()
    assert_accessible(page)
