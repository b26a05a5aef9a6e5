"""In Chromium: a company completes, submits and reads its result, improves within three months;
the secretariat and an NGO see what they may. Every page visited passes axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from imvo.core.tests.test_browser import assert_accessible, browser_type_launch_args, log_in  # noqa: F401
from imvo.monitoring import services
from imvo.monitoring.tests.test_views import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessment(world):
    rnd = services.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    return rnd.assessments.get(organization=world.company)


def test_a_company_completes_submits_and_reads_its_result(world, live_server, page: Page, assessment):
    fill(assessment, world.company_admin, level=2)
    assessment.answers.filter(indicator="1.1-policy").delete()
    log_in(page, live_server, world.company_member.email)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitoring").click()
    assert_accessible(page)
    page.get_by_role("link", name=str(assessment.round), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Stap 1")).click()
    assert_accessible(page)

    card = page.locator("#ind-1\\.1-policy")
    for box in card.get_by_role("checkbox").all():
        box.check()
    expect(card.get_by_role("status")).to_contain_text("Opgeslagen om")
    card.get_by_label("Toelichting").fill("Vastgesteld door de directie in maart.")
    card.get_by_label("Toelichting").press("Tab")
    expect(card.get_by_role("status")).to_contain_text(re.compile("niveau 1"))
    card.get_by_text("Bewijs toevoegen").click()
    card.get_by_label("of een link").fill("https://alfa.example/beleid.pdf")
    card.get_by_role("button", name="Toevoegen").click()
    expect(card.get_by_role("link", name=re.compile(r"alfa\.example"))).to_be_visible()
    assert_accessible(page)
    page.reload()
    expect(page.locator("#ind-1\\.1-policy").get_by_label("Toelichting")).to_have_value(
        "Vastgesteld door de directie in maart."
    )

    page.goto(f"{live_server.url}/monitoring/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Controleren en indienen").click()
    expect(page.get_by_role("heading", name="Voorbeeld van het resultaat")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("indienen", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resultaat")
    expect(page.locator(".result-summary")).to_contain_text("groen")
    expect(page.get_by_role("heading", name="Score per stap")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_red_company_improves_insufficient_items_within_three_months(
    world, live_server, page: Page, assessment
):
    fill(assessment, world.company_admin, level=2)
    assessment.answers.filter(indicator__in=["1.1-policy", "1.2-oversight"]).delete()
    services.assessment_submit(assessment=assessment, actor=world.company_admin)
    log_in(page, live_server, world.company_admin.email)
    page.goto(f"{live_server.url}/monitoring/assessments/{assessment.pk}/result/")
    expect(page.locator(".result-summary")).to_contain_text("rood")
    page.get_by_role("link", name="Onvoldoende onderdelen verbeteren").click()
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile(r"^1\.2 ")).uncheck()
    page.get_by_role("button", name="Deze onderdelen openen").click()
    expect(page.get_by_text(re.compile("Alleen die staan open"))).to_be_visible()
    page.get_by_role("link", name=re.compile("^Stap 1")).click()
    card = page.locator("#ind-1\\.1-policy")
    for box in card.get_by_role("checkbox").all():
        box.check()
    expect(card.get_by_role("status")).to_contain_text("Opgeslagen om")
    expect(page.locator("#ind-1\\.2-oversight").get_by_role("checkbox")).to_have_count(0)  # not reopened
    assert_accessible(page)
    page.goto(f"{live_server.url}/monitoring/assessments/{assessment.pk}/submit/")
    page.get_by_role("button", name=re.compile("indienen", re.I)).click()
    expect(page.get_by_role("link", name="eerste resultaat")).to_be_visible()
    expect(page.locator(".result-summary")).not_to_contain_text("rood")
    page.get_by_role("link", name="eerste resultaat").click()
    expect(page.locator(".result-summary")).to_contain_text("rood")
    assert_accessible(page)


def test_the_secretariat_and_an_ngo_see_what_they_may(world, live_server, page: Page, assessment):
    fill(assessment, world.company_admin, level=1)
    services.assessment_submit(assessment=assessment, actor=world.company_admin)
    log_in(page, live_server, world.secretariat.email)
    page.goto(f"{live_server.url}/monitoring/")
    assert_accessible(page)
    page.get_by_role("link", name=str(assessment.round), exact=True).click()
    expect(page.get_by_role("cell", name="Alfa Metaal BV", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Verdeling in de sector")).click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/monitoring/progress/{world.company.pk}/")
    expect(page.locator("#progress-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('progress-chart')")
    assert_accessible(page)
    page.goto(f"{live_server.url}/monitoring/assessments/{assessment.pk}/follow-up/")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server, world.ngo_member.email)
    page.goto(f"{live_server.url}/monitoring/insight/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Alfa Metaal BV")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alfa Metaal BV")
    assert_accessible(page)
