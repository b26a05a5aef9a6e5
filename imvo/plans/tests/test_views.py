"""The plan pages as their users meet them: what each role sees, bad input kept, reads logged."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from imvo.core.tests.test_permissions import _aggregated_plan, _goal, _plan, _report_plan
from imvo.plans import services
from imvo.plans.models import Goal, Plan
from imvo.plans.tests.factories import submitted_plan

pytestmark = pytest.mark.django_db


def reads(user):
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=user)


def test_a_company_starts_its_plan_from_the_index(world, login):
    client = login(world.company_member)
    page = client.get(reverse("plans:index")).content.decode()
    assert reverse("plans:start") in page
    response = client.post(reverse("plans:start"), {"kind": "structured"})
    plan = Plan.objects.get(organization=world.company)
    assert response["Location"] == reverse("plans:plan", args=[plan.pk])
    assert plan.kind == "structured" and plan.status == "draft"
    assert client.post(reverse("plans:start"), {"kind": "nonsense"}).status_code == 302
    assert Plan.objects.filter(organization=world.company).count() == 1


def test_only_the_owner_removes_a_goal(world, login):
    goal = _goal(world)
    url = reverse("plans:goal_delete", args=[goal.pk])
    assert login(world.secretariat).post(url).status_code == 403
    assert login(world.other_company_admin).post(url).status_code == 404
    assert login(world.ngo_member).post(url).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert login(world.company_member).post(url).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_a_refused_goal_keeps_what_was_typed_and_says_why(world, login):
    goal = _goal(world)
    data = {
        "step": "2",
        "what": "Alle tier-1-leveranciers tekenen de gedragscode",
        "who": "Hoofd inkoop",
        "due_on": "2024-01-31",
        "indicator": "90 % getekend",
        "status": "planned",
    }
    response = login(world.company_member).post(reverse("plans:goal_edit", args=[goal.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Alle tier-1-leveranciers tekenen de gedragscode" in page and "Hoofd inkoop" in page
    assert 'value="2024-01-31"' in page and "has-error" in page
    goal.refresh_from_db()
    assert (goal.what, goal.who, goal.due_on) == ("IMVO-beleid vaststellen", "", None)


def test_a_refused_section_map_keeps_what_was_typed(world, login):
    plan = _report_plan(world)
    data = {"where_1": "§4.2, p. 12–14", "not_covered_1": "on"}
    response = login(world.company_member).post(reverse("plans:sections", args=[plan.pk]), data)
    assert response.status_code == 400
    assert "§4.2, p. 12–14" in response.content.decode()
    plan.refresh_from_db()
    assert plan.section_map["1"] == {"where": "§1.1", "not_covered": False}


def test_the_secretariats_reads_are_logged_and_the_owners_are_not(world, login):
    plan = _report_plan(world)
    for name in ("plans:plan", "plans:file"):
        assert login(world.company_member).get(reverse(name, args=[plan.pk])).status_code == 200
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    for name in ("plans:plan", "plans:file"):
        response = login(world.secretariat).get(reverse(name, args=[plan.pk]))
        assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 verslag"
    assert reads(world.secretariat).count() == 2
    assert {e.additional_data["owner_organization"] for e in reads(world.secretariat)} == {world.company.pk}


def test_the_secretariat_sees_every_companys_plan_status_and_cannot_change_a_plan(world, login):
    plan = _plan(world)
    submitted_plan(
        world.other_company, plan.year, world.other_company_admin, goals=[{"step": "1", "what": "X"}]
    )
    page = login(world.secretariat).get(reverse("plans:index")).content.decode()
    assert "Alfa Metaal BV" in page and "Beta Staal BV" in page and "Gamma Recycling BV" in page
    assert reverse("plans:plan", args=[plan.pk]) in page
    assert reads(world.secretariat).count() == 2
    plan_page = login(world.secretariat).get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert reverse("plans:goal_add", args=[plan.pk]) not in plan_page
    company_page = login(world.company_member).get(reverse("plans:index")).content.decode()
    assert "Beta Staal BV" not in company_page


def test_the_plan_page_shows_what_is_missing_and_offers_submit_when_complete(world, login):
    goal = _goal(world)
    url = reverse("plans:plan", args=[goal.plan_id])
    submit = reverse("plans:submit", args=[goal.plan_id])
    page = login(world.company_member).get(url).content.decode()
    assert submit not in page and "missing" in page
    services.goal_save(
        plan=goal.plan,
        goal=goal,
        data={"who": "Directie", "due_on": goal.plan.year.end_date, "indicator": "Vastgesteld"},
        actor=world.company_member,
    )
    assert submit in login(world.company_member).get(url).content.decode()
    assert login(world.company_member).post(submit).status_code == 302
    goal.plan.refresh_from_db()
    assert goal.plan.status == Plan.Status.SUBMITTED


def test_parties_see_the_published_aggregated_plan_and_not_a_draft(world, login):
    draft = _aggregated_plan(world, publish=False)
    url = reverse("plans:aggregated")
    ngo = login(world.ngo_member)
    assert f"?plan={draft.pk}" not in ngo.get(url).content.decode()
    assert login(world.secretariat).get(f"{url}?plan={draft.pk}").status_code == 200
    assert (
        login(world.secretariat).post(reverse("plans:aggregated_publish", args=[draft.pk])).status_code == 302
    )
    for user in (world.ngo_member, world.government_observer, world.association_member, world.company_member):
        page = login(user).get(url).content.decode()
        assert f"?plan={draft.pk}" in page
        assert reverse("plans:aggregated_build") not in page
    assert login(world.no_org).get(url).status_code == 403


def test_the_secretariat_writes_the_introduction_on_the_draft(world, login):
    draft = _aggregated_plan(world, publish=False)
    client = login(world.secretariat)
    response = client.post(
        reverse("plans:aggregated_intro", args=[draft.pk]),
        {"intro": "De bedrijven werken samen aan kinderarbeid."},
    )
    assert response.status_code == 302
    page = client.get(f"{reverse('plans:aggregated')}?plan={draft.pk}").content.decode()
    assert "De bedrijven werken samen aan kinderarbeid." in page
