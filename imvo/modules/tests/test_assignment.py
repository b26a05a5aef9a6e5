"""Which modules a company must follow, decided automatically from each monitoring result (art. 30):
the rules at their edges, the improvement lifting a mandatory module, and running twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from imvo.modules.models import Assignment, Attendance, Module
from imvo.modules.selectors import modules_for_company
from imvo.modules.services import modules_assign
from imvo.modules.tests.factories import module_attended, past_session
from imvo.monitoring import services as monitoring
from imvo.monitoring.framework import load_framework
from imvo.monitoring.models import Submission

FRAMEWORK = "metal-2025.1"


@pytest.fixture
def assessment(world):
    rnd = monitoring.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    return rnd.assessments.get(organization=world.company)


def _levels(level: int) -> dict[str, int]:
    fw = load_framework(FRAMEWORK)
    return {i.code: level for s in fw.sections_for(minerals_in_scope=False) for i in s.indicators}


def _result(assessment, *, overall: str, verdict: str = "orange", levels: dict[str, int], number: int = 1):
    """A submission with exactly these figures: the advice lists every indicator below level 2."""
    return Submission.objects.create(
        assessment=assessment,
        number=number,
        submitted_at=timezone.now(),
        framework_version=FRAMEWORK,
        answers={},
        overall=Decimal(overall),
        sections={},
        levels=levels,
        verdict=verdict,
        advice=[
            {"indicator": c, "level": v, "gap": 1.0} for c, v in levels.items() if v is not None and v < 2
        ],
    )


def _assigned(world) -> dict[str, Assignment]:
    return {
        a.module.code: a
        for a in Assignment.objects.filter(organization=world.company).select_related("module")
    }


def test_every_company_with_a_result_must_follow_the_sector_module(world, assessment):
    modules_assign(submission=_result(assessment, overall="90.0", verdict="green", levels=_levels(2)))
    sector = _assigned(world)["sectormodule"]
    assert sector.mandatory and sector.reasons == [{"rule": "all"}]
    assert set(_assigned(world)) == {"sectormodule"}, "a result without gaps recommends nothing else"


def test_an_overall_score_below_the_threshold_makes_the_policy_module_mandatory_and_at_it_does_not(
    world, assessment
):
    modules_assign(submission=_result(assessment, overall="34.9", levels=_levels(2)))
    policy = _assigned(world)["kennis-beleid"]
    assert policy.mandatory and policy.reasons == [{"rule": "below", "overall": 34.9, "threshold": 35}]
    with translation.override("en"):
        assert policy.reason_texts() == ["Your overall score 34.9 % is below 35 %."]

    Assignment.objects.all().delete()
    modules_assign(submission=_result(assessment, overall="35.0", levels=_levels(2), number=2))
    assert "kennis-beleid" not in _assigned(world)


def test_an_indicator_scored_0_whose_advice_points_to_a_knowledge_module_makes_it_mandatory(
    world, assessment
):
    levels = _levels(2) | {"2.2-gender": 0, "3.2-gender": 1, "2.1-chain-beyond-tier1": 1}
    modules_assign(submission=_result(assessment, overall="80.0", levels=levels))
    assigned = _assigned(world)
    gender = assigned["kennis-gender"]
    assert gender.mandatory
    assert gender.reasons == [
        {"rule": "advised", "indicators": ["2.2-gender"]},
        {"rule": "recommended", "indicators": ["3.2-gender"]},
    ]
    transparency = assigned["kennis-ketentransparantie"]
    assert not transparency.mandatory, "advice on an indicator scored 1 recommends, it does not oblige"
    assert transparency.reasons == [{"rule": "recommended", "indicators": ["2.1-chain-beyond-tier1"]}]


def test_a_practice_module_the_advice_points_to_stays_optional_even_at_0(world, assessment):
    levels = _levels(2) | {"1.4-supplier-expectations": 0}
    modules_assign(submission=_result(assessment, overall="80.0", levels=levels))
    suppliers = _assigned(world)["praktijk-leveranciers"]
    assert not suppliers.mandatory and suppliers.reasons[0]["rule"] == "recommended"


def test_a_red_verdict_makes_the_risk_analysis_module_mandatory_and_orange_does_not(world, assessment):
    modules_assign(submission=_result(assessment, overall="60.0", verdict="orange", levels=_levels(2)))
    assert "kennis-risicoanalyse" not in _assigned(world)
    modules_assign(submission=_result(assessment, overall="60.0", verdict="red", levels=_levels(2), number=2))
    risk = _assigned(world)["kennis-risicoanalyse"]
    assert risk.mandatory and risk.reasons == [{"rule": "verdict", "verdict": "red"}]


def test_assigning_the_same_result_twice_changes_nothing(world, assessment):
    submission = _result(assessment, overall="20.0", verdict="red", levels=_levels(0))
    first = {(a.pk, a.module_id, a.mandatory, str(a.reasons)) for a in modules_assign(submission=submission)}
    second = {(a.pk, a.module_id, a.mandatory, str(a.reasons)) for a in modules_assign(submission=submission)}
    assert first == second and Assignment.objects.count() == len(first)


def test_submitting_assigns_the_modules_automatically(world, assessment):
    """An empty assessment scores 0 and red: every rule holds."""
    monitoring.assessment_submit(assessment=assessment, actor=world.company_member)
    assigned = _assigned(world)
    mandatory = {code for code, a in assigned.items() if a.mandatory}
    assert {"sectormodule", "kennis-beleid", "kennis-risicoanalyse", "kennis-gender"} <= mandatory
    assert "kennis-mineralen" not in assigned, "no minerals in scope: no advice points there"
    assert not assigned["praktijk-leveranciers"].mandatory
    assert {a.year.number for a in assigned.values()} == {2}


def test_the_improvement_lifts_a_mandatory_module_and_keeps_what_was_attended(world, assessment):
    first = monitoring.assessment_submit(assessment=assessment, actor=world.company_member)
    gender = Assignment.objects.get(organization=world.company, module__code="kennis-gender")
    assert gender.mandatory
    module_attended(
        world.company, agreement=world.agreement, session=past_session(world.agreement, code="kennis-gender")
    )
    items = [c for c in monitoring.insufficient_items(first) if c.endswith("gender")]
    assessment.refresh_from_db()
    monitoring.assessment_reopen(assessment=assessment, indicators=items, actor=world.company_member)
    fw = load_framework(FRAMEWORK)
    for code in items:
        ind = fw.indicator(code)
        monitoring.answer_save(
            assessment=assessment,
            indicator=code,
            met={r.code: r.level <= 1 for r in ind.requirements},
            not_applicable=False,
            explanation="",
            base_revision=0,
            actor=world.company_member,
        )
    second = monitoring.assessment_submit(assessment=assessment, actor=world.company_member)
    gender.refresh_from_db()
    assert not gender.mandatory and gender.submission_id == second.pk
    assert gender.reasons[0] == {"rule": "lifted", "overall": float(second.overall), "number": 2}
    assert Attendance.objects.filter(organization=world.company, present=True).exists()
    view = modules_for_company(organization=world.company, year=world.agreement.current_year())
    assert "kennis-gender" not in {line.module.code for line in view.must}
    lifted = next(line for line in view.may if line.module.code == "kennis-gender")
    assert lifted.fulfilled
    with translation.override("en"):
        assert (
            lifted.reasons[0]
            == f"No longer mandatory after your result of {second.overall} % (submission 2)."
        )
    assert "kennis-beleid" in {line.module.code for line in view.must}, "the rest stays as it was"


def test_a_mandatory_module_is_fulfilled_by_a_session_from_the_start_of_its_year(world, assessment):
    monitoring.assessment_submit(assessment=assessment, actor=world.company_member)
    year = world.agreement.current_year()
    before = past_session(
        world.agreement, code="kennis-beleid", days_ago=(timezone.localdate() - year.start_date).days + 30
    )
    module_attended(world.company, agreement=world.agreement, session=before)
    line = next(
        m
        for m in modules_for_company(organization=world.company, year=year).must
        if m.module.code == "kennis-beleid"
    )
    assert not line.fulfilled, "a session of last year does not count for this year's result"
    module_attended(
        world.company, agreement=world.agreement, session=past_session(world.agreement, code="kennis-beleid")
    )
    line = next(
        m
        for m in modules_for_company(organization=world.company, year=year).must
        if m.module.code == "kennis-beleid"
    )
    assert line.fulfilled


def test_the_baseline_steers_the_modules_until_the_next_result(world):
    """Year-1 assignments are the ones in force in year 2 until the year-2 result comes in."""
    year1, year2 = world.agreement.years.get(number=1), world.agreement.years.get(number=2)
    sector = Module.objects.get(agreement=world.agreement, code="sectormodule")
    Assignment.objects.create(
        module=sector, organization=world.company, year=year1, mandatory=True, reasons=[{"rule": "all"}]
    )
    view = modules_for_company(organization=world.company, year=year2)
    assert view.year == year1 and [line.module.code for line in view.must] == ["sectormodule"]
    assert modules_for_company(organization=world.other_company, year=year2).must == []


def test_a_manual_assignment_is_left_as_the_secretariat_set_it(world, assessment):
    year = world.agreement.current_year()
    module = Module.objects.get(agreement=world.agreement, code="praktijk-monitoring")
    manual = Assignment.objects.create(
        module=module,
        organization=world.company,
        year=year,
        mandatory=True,
        reasons=[{"rule": "manual", "text": "Afgesproken in het gesprek."}],
    )
    modules_assign(submission=_result(assessment, overall="90.0", verdict="green", levels=_levels(2)))
    manual.refresh_from_db()
    assert manual.mandatory and manual.reason_texts() == ["Afgesproken in het gesprek."]
