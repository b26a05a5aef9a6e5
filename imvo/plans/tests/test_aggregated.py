"""The aggregated plan as the secretariat builds it from the submitted plans and publishes it once
a year; what the reports read from it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from imvo.plans import aggregate, selectors, services
from imvo.plans.models import AggregatedPlan, Goal
from imvo.plans.tests.factories import complete, prioritised_risk, submitted_plan

pytestmark = pytest.mark.django_db


def rows(table: dict) -> dict[str, tuple[int, int]]:
    return {row["key"]: (row["count"], row["companies"]) for row in table["rows"]}


@pytest.fixture
def three_plans(world, agreement):
    """Alfa, Beta and Gamma: last year a scan each; this year a goal per prioritised risk, an own
    policy goal, and last year's scan achieved by two of them and still in progress at Gamma."""
    year1, year2 = agreement.years.get(number=1), agreement.years.get(number=2)
    people = [
        (world.company, world.company_member),
        (world.other_company, world.other_company_admin),
        (world.third_company, world.secretariat),
    ]
    for org, actor in people:
        submitted_plan(org, year1, actor, goals=[{"step": "2", "what": "Scan"}])
    for i, (org, actor) in enumerate(people):
        prioritised_risk(org, year2, actor)
        plan = services.plan_start(organization=org, year=year2, kind="structured", actor=actor)
        services.goal_save(plan=plan, data={"step": "1", "what": "Beleid"}, actor=actor)
        complete(plan, actor, status=Goal.Status.IN_PROGRESS if i == 2 else Goal.Status.ACHIEVED)
        services.plan_submit(plan=plan, actor=actor)
    return year2


def test_the_aggregated_plan_counts_across_companies_and_pools_what_rests_on_too_few(
    world, agreement, three_plans
):
    built = services.aggregated_build(agreement=agreement, year=three_plans, actor=world.secretariat)
    content = built.content
    assert content["plans"]["total"]["count"] == 3
    assert content["plans"]["rows"] == []  # all three in the platform: the split would tell each one's choice
    # Gamma's scan, still in progress, is the only goal of step 2: it goes into "other" with step 3.
    assert rows(content["steps"]) == {"1": (3, 3), aggregate.OTHER: (4, 3)}
    assert rows(content["themes"]) == {"child_labour": (3, 3), aggregate.UNLINKED: (4, 3)}
    # Last year's scans: two achieved, one continued; neither rests on three companies alone.
    assert rows(content["past"]) == {aggregate.OTHER: (3, 3)}
    assert content["past"]["total"]["count"] == 3


def test_fewer_than_k_plans_show_nothing(world, agreement):
    year = agreement.years.get(number=2)
    for org, actor in (
        (world.company, world.company_member),
        (world.other_company, world.other_company_admin),
    ):
        submitted_plan(org, year, actor, goals=[{"step": "1", "what": "Beleid"}])
    view = selectors.aggregated_live(agreement=agreement, year=year)
    assert view.plans_submitted == 0 and view.steps.rows == ()


def test_drafts_are_not_counted(world, agreement):
    year = agreement.years.get(number=2)
    for org, actor in (
        (world.company, world.company_member),
        (world.other_company, world.other_company_admin),
    ):
        submitted_plan(org, year, actor, goals=[{"step": "1", "what": "Beleid"}])
    services.plan_start(organization=world.third_company, year=year, kind="report", actor=world.secretariat)
    plans, _goals, _past = selectors.entries(agreement=agreement, year=year)
    assert {p.company for p in plans} == {world.company.pk, world.other_company.pk}


def test_one_published_plan_a_year_that_never_changes(world, agreement, three_plans):
    draft = services.aggregated_build(agreement=agreement, year=three_plans, actor=world.secretariat)
    services.aggregated_intro_save(
        aggregated=draft, intro="Wat de bedrijven samen van plan zijn.", actor=world.secretariat
    )
    rebuilt = services.aggregated_build(agreement=agreement, year=three_plans, actor=world.secretariat)
    assert rebuilt.intro == "Wat de bedrijven samen van plan zijn."
    assert AggregatedPlan.objects.count() == 1
    assert selectors.aggregated_plan_for(agreement=agreement, year=three_plans) is None

    services.aggregated_publish(aggregated=rebuilt, actor=world.secretariat)
    with pytest.raises(ValidationError):
        services.aggregated_build(agreement=agreement, year=three_plans, actor=world.secretariat)
    with pytest.raises(ValidationError):
        services.aggregated_intro_save(aggregated=rebuilt, intro="Anders", actor=world.secretariat)
    rebuilt.intro = "Anders"
    with pytest.raises(ValueError):
        rebuilt.save()

    published = selectors.aggregated_plan_for(agreement=agreement, year=three_plans.number)
    assert published["intro"] == "Wat de bedrijven samen van plan zijn."
    assert published["year"] == 2 and published["plans"]["total"]["count"] == 3
    assert aggregate.AggregatedView.from_json(published).plans_submitted == 3
