"""A company's plan of approach: what it starts from, what submitting asks, versions that never
change, last year's goals in this year's plan, and the aggregated plan the secretariat publishes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from imvo.agreements.models import CompanyObligation
from imvo.core.tests.test_permissions import _report_plan, _submitted
from imvo.monitoring.models import Submission
from imvo.plans import selectors, services
from imvo.plans.models import Goal, Plan
from imvo.plans.tests.factories import SMART, complete, prioritised_risk, submitted_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(agreement):
    return agreement.years.get(number=1), agreement.years.get(number=2)


@pytest.fixture(autouse=True)
def _in_english(_test_settings):
    """The services' messages are asserted in their English source, whatever the translation says."""
    translation.activate("en")


def obligation(org, year):
    return CompanyObligation.objects.get(
        organization=org, obligation__year=year, obligation__kind="plan_of_approach"
    )


# --- the pre-fill ---------------------------------------------------------------------------------


def test_a_structured_plan_starts_from_the_advice_the_prioritised_risks_and_last_years_open_goals(
    world, years
):
    year1, year2 = years
    actor = world.company_member
    last_year = submitted_plan(
        world.company,
        year1,
        actor,
        goals=[
            {"step": "1", "what": "Beleid vaststellen", "status": "achieved"},
            {"step": "2", "what": "Leveranciers in kaart brengen", "status": "in_progress"},
            {"step": "5", "what": "Jaarlijks rapporteren", "status": "dropped"},
        ],
    )
    risk = prioritised_risk(world.company, year2, actor)
    _submitted(world)
    submission = Submission.objects.get(assessment__organization=world.company)

    plan = services.plan_start(organization=world.company, year=year2, kind="structured", actor=actor)

    goals = list(plan.goals.all())
    carried = [g for g in goals if g.source == Goal.Source.CARRIED]
    assert [g.what for g in carried] == ["Leveranciers in kaart brengen"]
    assert carried[0].carried_from.plan == last_year and carried[0].status == ""
    assert [(g.step, g.risk) for g in goals if g.source == Goal.Source.RISK] == [("3", risk)]
    advice = [g for g in goals if g.source == Goal.Source.ADVICE]
    assert [g.source_ref for g in advice] == [
        a["indicator"] for a in submission.advice[: services.ADVICE_GOALS]
    ]
    assert all(g.what and g.step for g in advice)
    assert [g.position for g in goals] == list(range(1, len(goals) + 1))


def test_starting_again_with_the_other_kind_switches_the_draft_and_keeps_the_goals(world, years):
    _, year2 = years
    actor = world.company_member
    plan = services.plan_start(organization=world.company, year=year2, kind="structured", actor=actor)
    services.goal_save(plan=plan, data={"step": "1", "what": "Beleid"}, actor=actor)
    same = services.plan_start(organization=world.company, year=year2, kind="report", actor=actor)
    assert same.pk == plan.pk and same.kind == "report" and same.goals.count() == 1
    with pytest.raises(ValidationError):
        services.plan_start(organization=world.ngo, year=year2, kind="structured", actor=world.ngo_member)


# --- goals --------------------------------------------------------------------------------------


def test_a_goal_due_before_the_plans_year_or_without_what_is_refused_and_nothing_changes(world, years):
    _, year2 = years
    plan = services.plan_start(
        organization=world.company, year=year2, kind="structured", actor=world.company_member
    )
    goal = services.goal_save(plan=plan, data={"step": "2", "what": "Risicoscan"}, actor=world.company_member)
    with pytest.raises(ValidationError) as refused:
        services.goal_save(
            plan=plan,
            goal=goal,
            data={"what": " ", "due_on": dt.date(2025, 12, 1), "who": "Inkoop"},
            actor=world.company_member,
        )
    assert set(refused.value.error_dict) == {"what", "due_on"}
    goal.refresh_from_db()
    assert (goal.what, goal.who, goal.due_on) == ("Risicoscan", "", None)


def test_a_goal_links_only_to_a_prioritised_risk(world, years):
    _, year2 = years
    other = prioritised_risk(world.other_company, year2, world.other_company_admin)
    plan = services.plan_start(
        organization=world.company, year=year2, kind="structured", actor=world.company_member
    )
    with pytest.raises(ValidationError) as refused:
        services.goal_save(
            plan=plan, data={"step": "3", "what": "X", "risk": other}, actor=world.company_member
        )
    assert "risk" in refused.value.error_dict


def test_a_carried_goal_cannot_be_removed_only_given_its_status(world, years):
    year1, year2 = years
    submitted_plan(world.company, year1, world.company_member, goals=[{"step": "2", "what": "Scan"}])
    plan = services.plan_start(
        organization=world.company, year=year2, kind="structured", actor=world.company_member
    )
    carried = plan.goals.get(source=Goal.Source.CARRIED)
    with pytest.raises(ValidationError):
        services.goal_delete(goal=carried, actor=world.company_member)
    own = services.goal_save(plan=plan, data={"step": "1", "what": "Eigen doel"}, actor=world.company_member)
    services.goal_delete(goal=own, actor=world.company_member)
    assert list(plan.goals.all()) == [carried]


# --- submitting -------------------------------------------------------------------------------------


def test_submitting_asks_smart_goals_a_goal_per_prioritised_risk_and_the_status_of_carried_goals(
    world, years
):
    year1, year2 = years
    actor = world.company_member
    submitted_plan(world.company, year1, actor, goals=[{"step": "2", "what": "Scan"}])
    prioritised_risk(world.company, year2, actor)
    plan = services.plan_start(organization=world.company, year=year2, kind="structured", actor=actor)
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, actor=actor)
    assert "2 goals are not complete yet" in " ".join(refused.value.messages)

    for goal in plan.goals.all():
        services.goal_save(plan=plan, goal=goal, data=SMART, actor=actor)
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, actor=actor)
    assert "1 goals are not complete yet" in " ".join(refused.value.messages)  # the carried goal's status

    risk_goal = plan.goals.get(source=Goal.Source.RISK)
    services.goal_delete(goal=risk_goal, actor=actor)
    complete(plan, actor, status=Goal.Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, actor=actor)
    assert "1 prioritised risks have no goal yet" in " ".join(refused.value.messages)
    assert obligation(world.company, year2).status == CompanyObligation.Status.OPEN

    services.goal_save(
        plan=plan, data={"step": "3", "what": "Audit", "risk": risk_goal.risk, **SMART}, actor=actor
    )
    view = selectors.plan_view(plan)
    assert view.steps_without_goal and not view.problems  # a step without a goal only warns
    services.plan_submit(plan=plan, actor=actor)
    assert obligation(world.company, year2).status == CompanyObligation.Status.DONE
    assert obligation(world.company, year2).completed_by == actor


def test_a_report_needs_the_file_and_all_six_steps_mapped(world, years):
    _, year2 = years
    actor = world.company_member
    plan = services.plan_start(organization=world.company, year=year2, kind="report", actor=actor)
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, actor=actor)
    assert "Upload the report" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.plan_upload(plan=plan, file=SimpleUploadedFile("verslag.exe", b"MZ"), actor=actor)
    services.plan_upload(plan=plan, file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 x"), actor=actor)
    with pytest.raises(ValidationError) as refused:
        services.plan_sections_save(
            plan=plan, section_map={"1": {"where": "§2", "not_covered": True}}, actor=actor
        )
    assert "where_1" in refused.value.error_dict
    five = {s: {"where": f"§{s}"} for s in "12345"}
    services.plan_sections_save(plan=plan, section_map=five, actor=actor)
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, actor=actor)
    assert "Step 6" in " ".join(refused.value.messages)
    services.plan_sections_save(plan=plan, section_map={**five, "6": {"not_covered": True}}, actor=actor)
    services.plan_submit(plan=plan, actor=actor)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED and plan.original_name == "verslag.pdf"
    assert plan.file.read() == b"%PDF-1.4 x" and len(plan.sha256) == 64
    assert obligation(world.company, year2).status == CompanyObligation.Status.DONE


# --- versions ---------------------------------------------------------------------------------------


def test_a_submitted_plan_never_changes_and_a_correction_is_a_new_version(world, years):
    year1, _ = years
    actor = world.company_member
    first = submitted_plan(world.company, year1, actor, goals=[{"step": "1", "what": "Beleid"}])
    goal = first.goals.get()
    with pytest.raises(ValidationError):
        services.goal_save(plan=first, goal=goal, data={"what": "Anders"}, actor=actor)
    with pytest.raises(ValueError):
        goal.save()
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        goal.delete()

    second = services.plan_new_version(plan=first, actor=actor)
    assert (second.version, second.status) == (2, Plan.Status.DRAFT)
    assert services.plan_new_version(plan=first, actor=actor) == second
    copy = second.goals.get()
    services.goal_save(plan=second, goal=copy, data={"what": "Beleid, ook voor de dochters"}, actor=actor)
    first.refresh_from_db()
    assert first.status == Plan.Status.SUBMITTED and first.goals.get().what == "Beleid"

    services.plan_submit(plan=second, actor=actor)
    first.refresh_from_db()
    assert first.status == Plan.Status.SUPERSEDED and first.goals.get().what == "Beleid"
    assert selectors.plan_submitted(organization=world.company, year=year1) == second
    with pytest.raises(ValidationError):
        services.plan_new_version(plan=first, actor=actor)


def test_a_new_version_of_a_report_keeps_the_file_unaltered(world):
    first = _report_plan(world, submit=True)
    second = services.plan_new_version(plan=first, actor=world.company_member)
    assert second.file.name == first.file.name and second.sha256 == first.sha256
    assert second.section_map == first.section_map


# --- last year's goals in this year's plan --------------------------------------------------------


def test_next_years_plan_shows_last_years_goals_with_their_status(world, years):
    year1, year2 = years
    actor = world.company_member
    submitted_plan(
        world.company,
        year1,
        actor,
        goals=[
            {"step": "1", "what": "Beleid", "status": "achieved"},
            {"step": "2", "what": "Scan"},
            {"step": "4", "what": "Monitoren"},
        ],
    )
    plan = services.plan_start(organization=world.company, year=year2, kind="structured", actor=actor)
    scan = plan.goals.get(what="Scan")
    services.goal_save(
        plan=plan, goal=scan, data={"status": "in_progress", "status_note": "Half af"}, actor=actor
    )
    with translation.override("en"):
        past = {
            line.goal.what: (line.status, line.status_label, line.note)
            for line in selectors.plan_view(plan).past
        }
    assert past == {
        "Beleid": ("achieved", "achieved", ""),
        "Scan": ("continued", "in progress", "Half af"),
        "Monitoren": ("not_reported", "no update yet", ""),
    }


def test_a_carried_goal_achieved_needs_only_its_status_and_one_continued_needs_a_new_date(world, years):
    year1, year2 = years
    actor = world.company_member
    last_year = services.plan_start(organization=world.company, year=year1, kind="structured", actor=actor)
    for what, step in (("Scan", "2"), ("Monitor", "4")):
        services.goal_save(
            plan=last_year,
            data={**SMART, "what": what, "step": step, "due_on": dt.date(2026, 6, 30)},
            actor=actor,
        )
    services.plan_submit(plan=last_year, actor=actor)
    plan = services.plan_start(organization=world.company, year=year2, kind="structured", actor=actor)
    scan, monitor = plan.goals.order_by("position")
    assert scan.due_on is None, "last year's date lies before this year: it is not this year's deadline"
    services.goal_save(plan=plan, goal=scan, data={"status": "achieved"}, actor=actor)
    services.goal_save(plan=plan, goal=monitor, data={"status": "in_progress"}, actor=actor)
    scan.refresh_from_db()
    monitor.refresh_from_db()
    assert selectors.goal_missing(scan) == []
    with translation.override("en"):
        assert [str(m) for m in selectors.goal_missing(monitor)] == ["by when"]
