"""The scoring rules at their edges: levels, evidence cap, not applicable, weights, thresholds,
knock-outs and the ranking of advice."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imvo.monitoring.framework import FrameworkError, parse_framework
from imvo.monitoring.scoring import IndicatorAnswer, RequirementAnswer, indicator_level, score


def _indicator(code, weight=1, **extra):
    return {
        "code": code,
        "weight": weight,
        "question_nl": f"Vraag {code}",
        "oecd": code[:3],
        "requirements": [
            {"code": "a", "level": 1, "evidence": True, "text_nl": "a"},
            {"code": "b", "level": 1, "evidence": False, "text_nl": "b"},
            {"code": "c", "level": 2, "evidence": True, "text_nl": "c"},
        ],
        "advice": {
            0: {"nl": f"begin met {code}", "en": f"start {code}"},
            1: {"nl": f"verdiep {code}", "en": f"deepen {code}"},
        },
        **extra,
    }


def framework_data():
    steps = []
    for n in range(1, 7):
        indicators = [_indicator(f"{n}.1", weight=3), _indicator(f"{n}.2", weight=1)]
        if n == 6:
            indicators.append(_indicator("6.3-remedy", weight=2, na_allowed=True))
            indicators.append(
                {
                    "code": "6.0-known",
                    "weight": 1,
                    "scored": False,
                    "question_nl": "Bekend?",
                    "requirements": [{"code": "known", "level": 1, "text_nl": "ja"}],
                }
            )
        steps.append({"code": f"step{n}", "step": str(n), "name_nl": f"Stap {n}", "indicators": indicators})
    steps.append(
        {
            "code": "minerals",
            "step": "minerals",
            "applies_if": "minerals_in_scope",
            "name_nl": "Mineralen",
            "indicators": [_indicator("M2-smelters", weight=1)],
        }
    )
    return {
        "version": "test-1",
        "evidence_cap": 1,
        "weights": {"steps": {"1": 20, "2": 20, "3": 25, "4": 10, "5": 10, "6": 15}, "minerals_share": 20},
        "thresholds": {
            "default": {
                1: {"green": 40, "orange": 20, "step_floor": 15},
                2: {"green": 50, "orange": 30, "step_floor": 25},
            },
            "by_size_class": {"mini": {2: {"green": 45, "orange": 25, "step_floor": 20}}},
        },
        "knockouts": [
            {"code": "no_policy", "indicator": "1.1", "below": 1, "text_nl": "Geen beleid"},
            {"code": "no_smelters", "indicator": "M2-smelters", "below": 1, "text_nl": "Geen smelters"},
            {
                "code": "no_remedy",
                "trigger": "6.0-known",
                "indicator": "6.3-remedy",
                "below": 1,
                "text_nl": "Geen herstel",
            },
        ],
        "sections": steps,
    }


FW = parse_framework(framework_data())


def level(n: int, evidenced: bool = True) -> IndicatorAnswer:
    """An answer at level n: level-1 requirements met for n>=1, the level-2 one for n>=2."""
    met = {"a": n >= 1, "b": n >= 1, "c": n >= 2}
    return IndicatorAnswer({k: RequirementAnswer(met=v, evidenced=evidenced) for k, v in met.items()})


def all_at(n: int, **overrides) -> dict[str, IndicatorAnswer]:
    answers = {i.code: level(n) for i in FW.indicators() if i.scored}
    answers.update(overrides)
    return answers


def test_the_level_follows_from_the_requirements_not_from_a_choice():
    ind = FW.indicator("1.1")
    assert indicator_level(ind, level(0)).level == 0
    assert indicator_level(ind, level(1)).level == 1
    assert indicator_level(ind, level(2)).level == 2
    only_advanced = IndicatorAnswer({"c": RequirementAnswer(met=True, evidenced=True)})
    assert indicator_level(ind, only_advanced).level == 0
    assert indicator_level(ind, None).level == 0


def test_a_claim_without_evidence_scores_at_most_level_one():
    result = indicator_level(FW.indicator("1.1"), level(2, evidenced=False))
    assert result.level == 1 and result.capped_for_evidence
    assert {r.code for r in result.missing} == {"a", "c"}
    without_evidence_where_none_is_asked = IndicatorAnswer(
        {
            "a": RequirementAnswer(True, True),
            "b": RequirementAnswer(True, False),
            "c": RequirementAnswer(True, True),
        }
    )
    assert indicator_level(FW.indicator("1.1"), without_evidence_where_none_is_asked).level == 2


def test_not_applicable_counts_only_where_the_framework_allows_it():
    assert indicator_level(FW.indicator("6.3-remedy"), IndicatorAnswer(not_applicable=True)).not_applicable
    assert not indicator_level(FW.indicator("1.1"), IndicatorAnswer(not_applicable=True)).not_applicable


def test_not_applicable_leaves_the_denominator():
    answers = all_at(2, **{"6.3-remedy": IndicatorAnswer(not_applicable=True)})
    assert score(FW, answers, minerals_in_scope=False, year=2).sections["6"] == 100


def test_weights_of_indicators_and_steps():
    answers = all_at(0, **{"1.1": level(2)})  # weight 3 of 4 in step 1 (20 % of the total)
    result = score(FW, answers, minerals_in_scope=False, year=2)
    assert result.sections["1"] == 75
    assert result.overall == Fraction(75 * 20, 100)


def test_the_minerals_section_is_a_fifth_of_the_total_when_in_scope():
    answers = all_at(2, **{"M2-smelters": level(0)})
    assert score(FW, answers, minerals_in_scope=True, year=2).overall == 80
    assert "minerals" not in score(FW, answers, minerals_in_scope=False, year=2).sections
    assert score(FW, answers, minerals_in_scope=False, year=2).overall == 100


def test_the_unscored_trigger_question_does_not_count():
    assert score(FW, all_at(2), minerals_in_scope=False, year=1).overall == 100


@pytest.mark.parametrize(("year", "size"), [(2, ""), (2, "mini"), (1, "")])
def test_exactly_the_green_threshold_is_green(year, size):
    result = score(FW, all_at(1), minerals_in_scope=False, year=year, size_class=size)
    assert result.overall == 50  # year 2's green threshold, every step at 50 %
    assert result.verdict == "green"


def test_just_below_green_is_orange_and_below_orange_is_red():
    answers = all_at(1, **{"4.2": level(0)})  # step 4: 3 of 4 weight at level 1 → 37.5 %; overall 48.75 %
    result = score(FW, answers, minerals_in_scope=False, year=2)
    assert result.overall == Fraction(4875, 100) and result.verdict == "orange"
    assert score(FW, answers, minerals_in_scope=False, year=2, size_class="mini").verdict == "green"
    low = all_at(0, **{"1.1": level(1), "1.2": level(1), "2.1": level(2)})  # 10 + 15 = 25 % < orange's 30 %
    result = score(FW, low, minerals_in_scope=False, year=2)
    assert result.overall == 25 and result.knockouts == () and result.verdict == "red"


def test_a_step_below_the_floor_keeps_a_high_score_from_green():
    answers = all_at(2, **{"5.1": level(0), "5.2": level(0)})  # step 5 at 0 %, overall 90 %
    result = score(FW, answers, minerals_in_scope=False, year=2)
    assert result.overall == 90 and result.below_floor == ("5",) and result.verdict == "orange"


def test_exactly_the_floor_is_not_below_it():
    answers = all_at(2, **{"5.1": level(0), "5.2": level(1)})  # step 5: 1 of 8 points: 12.5 %
    assert score(FW, answers, minerals_in_scope=False, year=1).below_floor == ("5",)
    answers = all_at(2, **{"5.1": level(1), "5.2": level(0)})  # 3 of 8: 37.5 %
    assert score(FW, answers, minerals_in_scope=False, year=2).below_floor == ()


def test_no_policy_is_red_whatever_the_score():
    result = score(FW, all_at(2, **{"1.1": level(0)}), minerals_in_scope=False, year=2)
    assert result.overall > 80 and result.verdict == "red" and result.knockouts == ("no_policy",)


def test_minerals_without_smelter_identification_is_red_only_when_minerals_are_in_scope():
    answers = all_at(2, **{"M2-smelters": level(0)})
    assert score(FW, answers, minerals_in_scope=True, year=2).knockouts == ("no_smelters",)
    assert score(FW, answers, minerals_in_scope=False, year=2).verdict == "green"


def test_a_known_severe_impact_without_remediation_is_red():
    known = IndicatorAnswer({"known": RequirementAnswer(met=True)})
    answers = all_at(2, **{"6.0-known": known, "6.3-remedy": level(0)})
    assert score(FW, answers, minerals_in_scope=False, year=2).knockouts == ("no_remedy",)
    answers["6.3-remedy"] = IndicatorAnswer(not_applicable=True)
    assert score(FW, answers, minerals_in_scope=False, year=2).knockouts == ("no_remedy",)
    answers["6.0-known"] = IndicatorAnswer()
    assert score(FW, answers, minerals_in_scope=False, year=2).verdict == "green"


def test_advice_ranks_gaps_by_weight_times_missing_level():
    answers = all_at(2, **{"3.1": level(1), "1.2": level(0), "4.2": level(1)})
    advice = score(FW, answers, minerals_in_scope=False, year=2).advice
    assert [a.indicator.code for a in advice] == ["3.1", "1.2", "4.2"]
    # 3.1: step 3 (25 %) × 3/4 weight × half a level = 9.375 points; 1.2: 20 % × 1/4 × 1 = 5 points
    assert advice[0].gap == Fraction(9375, 1000) and advice[1].gap == 5
    assert advice[1].text == "begin met 1.2" and {r.code for r in advice[1].missing} == {"a", "b"}
    assert advice[0].text == "verdiep 3.1"


def test_thresholds_of_a_later_year_fall_back_on_the_last_year_set():
    assert FW.thresholds_for(year=4) == FW.thresholds_for(year=2)
    assert FW.thresholds_for(year=4, size_class="mini").green == 45


def test_a_broken_framework_names_the_problem():
    data = framework_data()
    data["sections"][0]["indicators"][1]["code"] = "1.1"
    with pytest.raises(FrameworkError, match="used twice"):
        parse_framework(data)
    data = framework_data()
    data["knockouts"][0]["indicator"] = "9.9"
    with pytest.raises(FrameworkError, match=r"9\.9"):
        parse_framework(data)
    data = framework_data()
    data["sections"][0]["indicators"][0]["requirements"] = [{"code": "a", "level": 1, "text_nl": "a"}]
    with pytest.raises(FrameworkError, match="level-2"):
        parse_framework(data)


answer_strategy = st.builds(
    IndicatorAnswer,
    requirements=st.dictionaries(
        st.sampled_from(["a", "b", "c", "known"]),
        st.builds(RequirementAnswer, met=st.booleans(), evidenced=st.booleans()),
    ),
    not_applicable=st.booleans(),
)
codes = [i.code for i in FW.indicators()]


@given(
    answers=st.dictionaries(st.sampled_from(codes), answer_strategy),
    minerals=st.booleans(),
    year=st.integers(1, 5),
)
def test_scores_stay_between_0_and_100_and_knockouts_mean_red(answers, minerals, year):
    result = score(FW, answers, minerals_in_scope=minerals, year=year)
    assert 0 <= result.overall <= 100
    assert all(v is None or 0 <= v <= 100 for v in result.sections.values())
    if result.knockouts:
        assert result.verdict == "red"


@given(
    answers=st.dictionaries(st.sampled_from(codes), answer_strategy),
    code=st.sampled_from(codes),
    req=st.sampled_from(["a", "b", "c"]),
)
def test_meeting_one_more_requirement_with_evidence_never_lowers_the_score(answers, code, req):
    before = score(FW, answers, minerals_in_scope=True, year=2).overall
    current = answers.get(code, IndicatorAnswer())
    improved = dict(answers)
    improved[code] = IndicatorAnswer(
        {**current.requirements, req: RequirementAnswer(met=True, evidenced=True)}, current.not_applicable
    )
    assert score(FW, improved, minerals_in_scope=True, year=2).overall >= before


def test_the_bundled_metal_framework_covers_the_oecd_measures():
    from imvo.monitoring.framework import load_framework

    framework = load_framework("metal-2025.1")
    indicators = list(framework.indicators())
    assert 36 <= len(indicators) <= 44
    measures = {i.oecd for i in indicators}
    assert {
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "5.1",
        "6.1",
        "6.2",
    } <= measures
    assert {"M1", "M2", "M3", "M4", "M5"} <= measures
    assert {k.code for k in framework.knockouts} >= {"no_policy", "no_risk_identification"}
    assert all(i.question_en and i.question_nl for i in indicators)
    full = {
        i.code: IndicatorAnswer({r.code: RequirementAnswer(True, True) for r in i.requirements})
        for i in indicators
    }
    full = {c: a for c, a in full.items() if framework.indicator(c).scored}
    assert score(framework, full, minerals_in_scope=True, year=4).verdict == "green"
