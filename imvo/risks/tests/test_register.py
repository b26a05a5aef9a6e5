"""A company's yearly register: scoring, reference-data floors, suggestions from its production
locations, drafted explanations, the yearly cycle and the public statement."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from imvo.agreements.models import CompanyObligation
from imvo.agreements.services import obligations_sync
from imvo.risks import selectors, services
from imvo.risks.models import Risk, RiskScore, RiskStatement
from imvo.supply_chain import services as chain

GOLD_MINE = {"name": "Mine", "country": "CD", "region": "CD-NK", "activity": "mining", "materials": ["gold"]}


def scored(**over):
    data = {
        "theme": "health_safety",
        "material": "",
        "chain_stage": "processing",
        "country": "",
        "region": "",
        "stakeholders": ["workers"],
        "description": "",
        "nature": "potential",
        "involvement": "directly_linked",
        "scale": 3,
        "scope": 3,
        "irremediability": 3,
        "likelihood": 3,
        "likelihood_evidence": "",
        "override": "",
        "override_reason": "",
        "explanation": "",
        "gender": "no",
        "gender_how": "",
        "disclose_location": False,
    }
    return {**data, **over}


@pytest.fixture
def year(world):
    return world.agreement.current_year()


@pytest.fixture
def register(world, year):
    return services.register_start(organization=world.company, year=year, actor=world.company_admin)


def add(register, actor, **over):
    return services.risk_save(register=register, data=scored(**over), actor=actor)


def locations(world, year, *rows):
    ll = chain.list_start_empty(organization=world.company, year=year, actor=world.company_admin)
    for row in rows:
        chain.location_save(location_list=ll, data=row, actor=world.company_admin)
    return ll


def test_an_incomplete_risk_is_kept_but_blocks_the_statement(world, register):
    add(register, world.company_admin, scale=None, likelihood=None, gender="")
    view = selectors.register_view(register)
    assert len(view.lines) == 1
    with translation.override("en"):
        missing = selectors.register_view(register).lines[0].missing
    assert any("score" in m for m in missing) and any("gender" in m for m in missing)
    with pytest.raises(ValidationError):
        services.statement_publish(register=register, actor=world.company_admin)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"override": "prioritise"}, "override_reason"),
        ({"gender": "yes"}, "gender_how"),
        ({"country": "CD", "region": "PE-LIM"}, "region"),
        ({"theme": "unknown"}, "theme"),
        ({"scale": 6}, "scale"),
    ],
)
def test_a_rule_broken_names_its_field(world, register, over, field):
    with pytest.raises(ValidationError) as e:
        add(register, world.company_admin, **over)
    assert field in e.value.error_dict


def test_reference_data_set_a_likelihood_floor_that_needs_evidence_to_go_below(world, register):
    where = {"theme": "conflict_financing", "material": "gold", "chain_stage": "mining", "country": "CD"}
    with pytest.raises(ValidationError) as e:
        add(register, world.company_admin, **where, region="CD-NK", likelihood=2)
    assert "likelihood_evidence" in e.value.error_dict
    risk = add(
        register,
        world.company_admin,
        **where,
        region="CD-NK",
        likelihood=2,
        likelihood_evidence="Audit 2026.",
    )
    assert risk.likelihood_floor == 4
    assert risk.floor_citations and risk.floor_citations[0]["source"] == "eu_cahra"


def test_suggestions_come_from_the_production_locations_and_cite_their_source(world, year, register):
    locations(world, year, GOLD_MINE)
    lines = selectors.suggestions_for(register)
    themes = {line.suggestion.theme for line in lines}
    assert {"conflict_financing", "forced_labour", "child_labour", "corruption"} <= themes
    chosen = [line.suggestion.key for line in lines if line.suggestion.theme == "conflict_financing"]
    added = services.risk_add_suggestions(register=register, keys=chosen, actor=world.company_admin)
    risk = added[0]
    assert (risk.country, risk.region, risk.material, risk.chain_stage) == ("CD", "CD-NK", "gold", "mining")
    assert risk.likelihood == risk.likelihood_floor == 4
    assert all(
        line.in_register for line in selectors.suggestions_for(register) if line.suggestion.key in chosen
    )
    with pytest.raises(ValidationError):
        services.risk_add_suggestions(register=register, keys=chosen, actor=world.company_admin)


def test_a_netherlands_steel_plant_suggests_nothing(world, year, register):
    plant = {"name": "Plant", "country": "NL", "activity": "manufacturing", "materials": ["iron_steel"]}
    locations(world, year, plant)
    assert selectors.suggestions_for(register) == []


def test_the_draft_explains_rank_severity_likelihood_and_source(world, register):
    add(register, world.company_admin, scale=5, scope=2, irremediability=4, likelihood=4)
    add(register, world.company_admin, scale=2, scope=2, irremediability=2, likelihood=2)
    services.register_update(register=register, priority_count=1, actor=world.company_admin)
    with translation.override("en"):
        view = selectors.register_view(register)
        top, low = view.priorities[0], view.others[0]
        assert top.draft.startswith("Prioritised (number 1 of 2)")
        assert "severity 5 of 5" in top.draft and "likelihood 4 of 5" in top.draft
        assert low.draft.startswith("Not prioritised this year (number 2 of 2)")
    with translation.override("nl"):
        assert selectors.register_view(register).priorities[0].draft.startswith("Geprioriteerd")


def test_an_edited_explanation_is_kept_and_an_unedited_one_follows_the_scores(world, register):
    risk = add(register, world.company_admin)
    draft = selectors.register_view(register).lines[0].draft
    risk = services.risk_save(
        register=register, risk=risk, data=scored(scale=5, explanation=draft), actor=world.company_admin
    )
    assert not risk.explanation_edited, "the unchanged draft is not taken as the company's own words"
    assert "5" in selectors.register_view(register).lines[0].explanation.split(":")[1]
    risk = services.risk_save(
        register=register,
        risk=risk,
        data=scored(scale=5, explanation="Our own words."),
        actor=world.company_admin,
    )
    assert (
        risk.explanation_edited and selectors.register_view(register).lines[0].explanation == "Our own words."
    )


def test_publishing_freezes_a_version_and_marks_the_obligation_done(world, year, register):
    obligations_sync(agreement=world.agreement)
    add(register, world.company_admin, country="CD", region="CD-NK", likelihood=4, disclose_location=False)
    add(
        register,
        world.company_admin,
        theme="pollution",
        country="PE",
        disclose_location=True,
        gender="unknown",
    )
    first = services.statement_publish(register=register, actor=world.company_admin)
    assert first.version == 1 and len(first.content["risks"]) == 2
    assert {r["country"] for r in first.content["risks"]} == {"", "PE"}, "a location is shown only by choice"
    published = json.dumps(first.content)
    assert "Kivu" not in published and "Congo" not in published and "CD-" not in published
    assert set(first.content["risks"][0]["explanation"]) == {"nl", "en"}
    with pytest.raises(ValueError):
        first.save()
    second = services.statement_publish(register=register, actor=world.company_admin)
    assert second.version == 2 and RiskStatement.objects.filter(register=register).count() == 2
    done = CompanyObligation.objects.get(
        organization=world.company, obligation__year=year, obligation__kind="risk_analysis"
    )
    assert done.status == CompanyObligation.Status.DONE


def test_next_year_starts_from_this_year_and_asks_for_reassessment(world, year, register):
    kept = add(register, world.company_admin, scale=4)
    gone = add(register, world.company_admin, theme="climate", scale=5)
    services.risk_address(
        risk=gone, addressed=True, note="Switched to green power.", actor=world.company_admin
    )
    next_year = world.agreement.years.get(number=year.number + 1)
    new = services.register_start(organization=world.company, year=next_year, actor=world.company_admin)
    assert new.previous == register
    carried = {r.lineage: r for r in new.risks.all()}
    assert set(carried) == {kept.lineage, gone.lineage}
    assert not carried[kept.lineage].reassessed and carried[gone.lineage].addressed
    with translation.override("en"):
        view = selectors.register_view(new)
        assert any("reassess" in m for m in view.lines_by_pk()[carried[kept.lineage].pk].missing)
    services.risk_confirm(risk=carried[kept.lineage], actor=world.company_admin)
    events = list(RiskScore.objects.filter(lineage=kept.lineage).values_list("year_number", "event"))
    assert events == [(year.number, "added"), (year.number + 1, "carried"), (year.number + 1, "confirmed")]


def test_changing_scores_is_recorded_in_the_history(world, register):
    risk = add(register, world.company_admin)
    services.risk_save(register=register, risk=risk, data=scored(scale=5), actor=world.company_admin)
    services.risk_save(
        register=register, risk=risk, data=scored(scale=5, description="x"), actor=world.company_admin
    )
    history = list(selectors.risk_history(risk).values_list("event", "scale"))
    assert history == [("added", 3), ("changed", 5)]


def test_an_actual_impact_needs_no_likelihood(world, register):
    risk = add(register, world.company_admin, nature=Risk.Nature.ACTUAL, likelihood=None)
    line = selectors.register_view(register).lines_by_pk()[risk.pk]
    assert line.outcome.rank == 1 and not line.missing


def test_the_sector_shows_open_risks_of_at_least_three_companies(world, year):
    risks = []
    for company, actor in (
        (world.company, world.company_member),
        (world.other_company, world.other_company_admin),
        (world.third_company, world.secretariat),
    ):
        register = services.register_start(organization=company, year=year, actor=actor)
        risks.append(
            add(register, actor, theme="child_labour", material="cobalt", country="CD", likelihood=4)
        )
    view = selectors.sector_live(agreement=world.agreement, year=year)
    assert [(r.theme, r.material, r.area, r.companies) for r in view.rows] == [
        ("child_labour", "cobalt", "CD", 3)
    ]
    services.risk_address(risk=risks[0], addressed=True, note="Supplier left.", actor=world.company_member)
    view = selectors.sector_live(agreement=world.agreement, year=year)
    assert view.rows == () and view.companies == 0, "two companies are too few to show anything"


def test_the_draft_the_form_showed_stays_a_draft_when_the_ranks_moved_meanwhile(world, register):
    risk = add(register, world.company_admin, scale=2)
    shown = selectors.register_view(register).lines_by_pk()[risk.pk].editable
    add(register, world.company_admin, scale=5)  # someone else adds a more severe risk meanwhile
    risk = services.risk_save(
        register=register,
        risk=risk,
        data=scored(scale=2, explanation=shown, shown_draft=shown),
        actor=world.company_admin,
    )
    assert not risk.explanation_edited
    with translation.override("en"):
        assert "(number 2 of 2)" in selectors.register_view(register).lines_by_pk()[risk.pk].explanation


def test_own_words_naming_a_hidden_place_keep_the_statement_back(world, register):
    where = {"country": "CD", "region": "CD-NK", "likelihood": 4, "disclose_location": False}
    risk = add(register, world.company_admin, **where, explanation="Our tin comes from Nord-Kivu.")
    assert any("place" in m for m in _missing_en(register, risk))
    with pytest.raises(ValidationError):
        services.statement_publish(register=register, actor=world.company_admin)
    services.risk_save(
        register=register,
        risk=risk,
        data=scored(**where, explanation="Our tin comes from a conflict-affected area."),
        actor=world.company_admin,
    )
    assert services.statement_publish(register=register, actor=world.company_admin).version == 1


def _missing_en(register, risk):
    with translation.override("en"):
        return selectors.register_view(register).lines_by_pk()[risk.pk].missing


def test_last_years_own_words_do_not_carry_over_with_last_years_ranks(world, year, register):
    add(register, world.company_admin, explanation="Number 1 of 1 in 2026, addressed first.")
    next_year = world.agreement.years.get(number=year.number + 1)
    new = services.register_start(organization=world.company, year=next_year, actor=world.company_admin)
    carried = new.risks.get()
    assert not carried.explanation_edited and carried.explanation == ""


def test_a_years_sector_report_is_published_once(world, year):
    report = services.sector_report_build(agreement=world.agreement, year=year, actor=world.secretariat)
    services.sector_report_publish(report=report, actor=world.secretariat)
    with pytest.raises(ValidationError):
        services.sector_report_build(agreement=world.agreement, year=year, actor=world.secretariat)
