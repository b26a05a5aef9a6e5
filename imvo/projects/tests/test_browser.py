"""Collective projects in the browser: an NGO proposes one, the core group approves it, the
secretariat adds a company that then chooses to be named. Every page checked with axe-core."""

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
from imvo.projects import services
from imvo.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ngo_proposes_a_project_and_a_company_chooses_to_be_named(world, live_server, page: Page):
    log_in(page, live_server, in_english(world.ngo_member).email)
    page.get_by_role("navigation").get_by_role("link", name="Projects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collective projects")
    assert_accessible(page)
    page.get_by_role("link", name="Propose a project").click()
    assert_accessible(page)
    page.get_by_role("button", name="Propose to the core group").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("Veilig werk bij tinsmelters")
    page.get_by_label("What the project is about").fill("Adembescherming bij smelters in Bolivia.")
    page.get_by_label("Countries").select_option(["BO", "PE"])
    page.get_by_role("checkbox", name="Tin", exact=True).check()
    page.get_by_role("checkbox", name="Health and safety").check()
    page.get_by_label(re.compile("^Budget")).fill("120000")
    page.get_by_role("button", name="Propose to the core group").click()
    expect(page.get_by_role("status")).to_contain_text("proposed to the core group")
    expect(page.get_by_role("table", name="Participants")).to_contain_text("Stichting Ketenrecht")
    assert_accessible(page)

    project = Project.objects.get()
    services.project_decided(project=project, adopted=True, actor=world.secretariat)
    services.participant_add(
        project=project, actor=world.secretariat, role="participant", organization=world.company
    )
    page.reload()
    expect(page.get_by_text("And one company that has not agreed to be named.")).to_be_visible()
    page.get_by_role("heading", name="Record progress").scroll_into_view_if_needed()
    page.get_by_role("textbox", name="Progress").fill("Startbijeenkomst in Oruro.")
    page.get_by_role("button", name="Record the progress").click()
    expect(page.get_by_text("Startbijeenkomst in Oruro.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, in_english(world.company_admin).email)
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    expect(page.get_by_role("table", name="Participants")).to_contain_text("not shown to other parties")
    assert_accessible(page)
    page.get_by_role("button", name="Show our name to other parties").click()
    expect(page.get_by_role("status")).to_contain_text("Other parties now see that you take part.")
    expect(page.get_by_role("button", name="Stop showing our name")).to_be_visible()
    assert_accessible(page)
