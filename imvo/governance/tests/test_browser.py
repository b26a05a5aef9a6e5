"""A core-group vote in the browser: the secretariat records who is present and opens the vote,
two members vote, the secretariat closes the vote and publishes the outcome, and a party's member
reads it among the decisions. Every page visited is checked with axe-core."""

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
from imvo.governance import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def _vote(page: Page, live_server, user, choice: str) -> None:
    log_in(page, live_server, in_english(user).email)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Meetings and decisions"
    ).click()
    page.get_by_role("navigation", name="Core group and assembly").get_by_role(
        "link", name="Proposals"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Annual plan 2027").click()
    expect(page.get_by_text(re.compile("You cast the vote of the .* seat"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=choice).check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("status")).to_contain_text("Your vote has been recorded.")
    assert_accessible(page)
    _log_out(page)


def test_the_core_group_votes_and_the_parties_read_the_outcome(seated, live_server, page: Page):
    from django.utils import timezone

    w = seated
    meeting = services.meeting_plan(
        agreement=w.agreement,
        body="core_group",
        held_on=timezone.localdate(),
        place="Den Haag",
        actor=w.secretariat,
    )
    services.proposal_submit(
        agreement=w.agreement,
        kind="general",
        title="Annual plan 2027",
        text="The core group adopts the annual plan 2027.",
        actor=w.secretariat,
    )

    log_in(page, live_server, in_english(w.secretariat).email)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Meetings and decisions"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings of the core group and the assembly")
    expect(page.get_by_role("alert")).to_contain_text("more core-group meeting")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("core group", re.I)).filter(
        has_text=str(meeting.held_on.year)
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting of the core group")
    assert_accessible(page)
    for person in (w.core_group_member, w.ngo_member, w.chair):
        page.get_by_label(re.compile(re.escape(person.full_name))).check()
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_role("status")).to_contain_text("The attendance has been recorded.")
    expect(page.get_by_role("table", name="Attendance")).to_contain_text(w.ngo_member.full_name)
    assert_accessible(page)

    page.get_by_role("link", name="Annual plan 2027").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual plan 2027")
    assert_accessible(page)
    page.get_by_label("At the meeting of").select_option(label=str(meeting))
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_role("status")).to_contain_text("The vote is open.")
    assert_accessible(page)
    _log_out(page)

    _vote(page, live_server, w.core_group_member, "for")
    _vote(page, live_server, w.ngo_member, "for")

    log_in(page, live_server, w.secretariat.email)
    page.goto(f"{live_server.url}/governance/proposals/")
    page.get_by_role("link", name="Annual plan 2027").click()
    votes = page.get_by_role("table", name="Votes per seat")
    expect(votes).to_contain_text(w.core_group_member.full_name)
    expect(votes).to_contain_text(w.ngo_member.full_name)
    expect(page.get_by_text("If the vote were closed now:")).to_contain_text("consensus")
    assert_accessible(page)
    page.get_by_label("The decision").fill("The core group adopted the annual plan 2027 by consensus.")
    page.get_by_role("button", name="Close the vote").click()
    expect(page.get_by_role("status")).to_contain_text("The vote has been closed.")
    page.get_by_role("button", name="Publish to all parties").click()
    expect(page.get_by_role("status")).to_contain_text("published to all parties")
    assert_accessible(page)
    _log_out(page)

    log_in(page, live_server, in_english(w.union_member).email)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Meetings and decisions"
    ).click()
    assert_accessible(page)
    page.get_by_role("navigation", name="Core group and assembly").get_by_role(
        "link", name="Decisions"
    ).click()
    expect(page.get_by_role("article")).to_contain_text("adopted the annual plan 2027 by consensus")
    assert_accessible(page)
    page.get_by_role("link", name="Annual plan 2027").click()
    expect(page.get_by_role("heading", name="The decision")).to_be_visible()
    expect(page.get_by_role("heading", name="Deliberation")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/governance/complaints/new/")
    expect(
        page.get_by_text("only about a participating company's lack of progress", exact=False)
    ).to_be_visible()
    assert_accessible(page)


def test_the_secretariat_screens_a_complaint_and_plans_meetings_on_accessible_pages(
    seated, live_server, page: Page
):
    w = seated
    complaint = services.complaint_file(
        agreement=w.agreement, company=w.company, about="Alfa delivered no risk analysis.", actor=w.ngo_member
    )
    log_in(page, live_server, in_english(w.secretariat).email)
    page.goto(f"{live_server.url}/governance/complaints/")
    assert_accessible(page)
    page.get_by_role("link", name="Complaint about Alfa Metaal BV").click()
    assert_accessible(page)
    page.get_by_role("link", name="Screen the complaint").click()
    page.get_by_role("radio", name=re.compile("^Out of scope")).check()
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile("^Within scope")).check()
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("screened")
    page.get_by_role("link", name="The core group's proposal on it").click()
    expect(page.get_by_role("heading", name="Replacements (art. 84)")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Seat:?$")).select_option(label="NGOs")
    page.get_by_label(re.compile("^Replacement:?$")).select_option(
        label=f"{w.ngo_member_without_ca.full_name} (Stichting Zonder Overeenkomst)"
    )
    page.get_by_role("button", name="Name", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("replacement has been named")
    page.goto(
        f"{live_server.url}/governance/proposals/{complaint.__class__.objects.get().proposal_id}/deliberation/"
    )
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/governance/meetings/new/")
    assert_accessible(page)
    page.get_by_label("Body").select_option(label="sector-module assembly")
    page.get_by_label("Date").fill("2027-03-10")
    page.get_by_label("Place").fill("Den Haag")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting of the sector-module assembly")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Edit")).click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/governance/proposals/new/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/governance/core-group/")
    assert_accessible(page)

    _log_out(page)
    log_in(page, live_server, in_english(w.company_admin).email)
    page.goto(f"{live_server.url}/governance/complaints/")
    page.get_by_role("link", name="Complaint about Alfa Metaal BV").click()
    expect(page.get_by_text("Alfa delivered no risk analysis.")).to_have_count(0)
    assert_accessible(page)
