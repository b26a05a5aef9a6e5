"""The automatic maturity score, verdict and advice: pure functions of a framework and answers.

Levels follow from yes/no requirements, never from the company's own judgement: level 1 when
every level-1 requirement is met, level 2 when every level-2 requirement is met as well. A
requirement that asks for evidence and is claimed without it caps the indicator at the
framework's `evidence_cap` (level 1). Scores are exact fractions, so a threshold edge is an edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from imvo.monitoring.framework import MINERALS, STEPS, Framework, Indicator, Requirement


@dataclass(frozen=True)
class RequirementAnswer:
    met: bool
    evidenced: bool = False


@dataclass(frozen=True)
class IndicatorAnswer:
    requirements: dict[str, RequirementAnswer] = field(default_factory=dict)
    not_applicable: bool = False


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    level: int
    not_applicable: bool = False
    capped_for_evidence: bool = False
    missing: tuple[Requirement, ...] = ()  # what the next level still needs


@dataclass(frozen=True)
class Advice:
    indicator: Indicator
    level: int
    gap: Fraction  # points of the overall score (0-100) the indicator leaves on the table
    text: str
    missing: tuple[Requirement, ...]


@dataclass(frozen=True)
class Result:
    overall: Fraction
    sections: dict[str, Fraction | None]  # per step "1".."6" and "minerals" when in scope
    indicators: dict[str, IndicatorResult]
    verdict: str  # green | orange | red
    knockouts: tuple[str, ...]
    below_floor: tuple[str, ...]
    advice: tuple[Advice, ...]

    def percent(self, key: str | None = None) -> float | None:
        value = self.overall if key is None else self.sections.get(key)
        return None if value is None else round(float(value), 1)


def indicator_level(
    indicator: Indicator, answer: IndicatorAnswer | None, *, evidence_cap: int = 1
) -> IndicatorResult:
    answer = answer or IndicatorAnswer()
    if answer.not_applicable and indicator.na_allowed:
        return IndicatorResult(indicator=indicator, level=0, not_applicable=True)

    def met(r: Requirement) -> bool:
        a = answer.requirements.get(r.code)
        return bool(a and a.met)

    level = 0
    for candidate in (1, 2):
        if all(met(r) for r in indicator.requirements if r.level <= candidate):
            level = candidate
        else:
            break
    capped = False
    unevidenced = any(
        r.evidence and met(r) and not answer.requirements[r.code].evidenced
        for r in indicator.requirements
        if r.level <= level
    )
    if unevidenced and level > evidence_cap:
        level, capped = evidence_cap, True
    missing = (
        tuple(
            r
            for r in indicator.requirements
            if r.level <= level + 1
            and (not met(r) or (capped and r.evidence and not answer.requirements[r.code].evidenced))
        )
        if level < 2
        else ()
    )
    return IndicatorResult(indicator=indicator, level=level, capped_for_evidence=capped, missing=missing)


def _section_score(results: list[IndicatorResult]) -> Fraction | None:
    counted = [r for r in results if r.indicator.scored and not r.not_applicable]
    total = sum(r.indicator.weight * 2 for r in counted)
    if not total:
        return None
    return Fraction(100 * sum(r.indicator.weight * r.level for r in counted), total)


def score(
    framework: Framework,
    answers: dict[str, IndicatorAnswer],
    *,
    minerals_in_scope: bool,
    year: int,
    size_class: str = "",
) -> Result:
    sections = framework.sections_for(minerals_in_scope=minerals_in_scope)
    results = {
        i.code: indicator_level(i, answers.get(i.code), evidence_cap=framework.evidence_cap)
        for s in sections
        for i in s.indicators
    }
    by_step: dict[str, list[IndicatorResult]] = {}
    for s in sections:
        by_step.setdefault(s.step, []).extend(results[i.code] for i in s.indicators)
    section_scores = {step: _section_score(rs) for step, rs in by_step.items()}

    step_part = [(framework.step_weights[s], section_scores.get(s)) for s in STEPS]
    weighted = [(w, v) for w, v in step_part if v is not None]
    steps_total = sum(w for w, _ in weighted)
    steps_score = Fraction(sum(w * v for w, v in weighted), steps_total) if steps_total else Fraction(0)
    minerals = section_scores.get(MINERALS)
    if minerals_in_scope and minerals is not None:
        share = Fraction(framework.minerals_share, 100)
        overall = (1 - share) * steps_score + share * minerals
    else:
        overall = steps_score

    knockouts = tuple(k.code for k in framework.knockouts if _knocked_out(k, results, answers))
    thresholds = framework.thresholds_for(year=year, size_class=size_class)
    below_floor = tuple(s for s, v in section_scores.items() if v is not None and v < thresholds.step_floor)
    if knockouts:
        verdict = "red"
    elif overall >= thresholds.green and not below_floor:
        verdict = "green"
    elif overall >= thresholds.orange:
        verdict = "orange"
    else:
        verdict = "red"
    return Result(
        overall=overall,
        sections=section_scores,
        indicators=results,
        verdict=verdict,
        knockouts=knockouts,
        below_floor=below_floor,
        advice=_advice(
            framework, results, by_step, minerals_in_scope=minerals_in_scope and minerals is not None
        ),
    )


def _knocked_out(k, results: dict[str, IndicatorResult], answers: dict[str, IndicatorAnswer]) -> bool:
    target = results.get(k.indicator)
    if target is None:  # e.g. the minerals section is not in scope
        return False
    if k.trigger:
        trigger = answers.get(k.trigger) or IndicatorAnswer()
        if not any(a.met for a in trigger.requirements.values()):
            return False
        return target.level < k.below  # not applicable does not excuse a known impact
    return not target.not_applicable and target.level < k.below


def _advice(framework, results, by_step, *, minerals_in_scope: bool) -> tuple[Advice, ...]:
    """The gaps ranked by what they cost the overall score: weight × missing levels."""
    share = Fraction(framework.minerals_share, 100) if minerals_in_scope else Fraction(0)
    step_total = sum(framework.step_weights.values())
    items = []
    for step, rs in by_step.items():
        counted = [r for r in rs if r.indicator.scored and not r.not_applicable]
        section_weight = sum(r.indicator.weight for r in counted)
        if not section_weight:
            continue
        step_share = (
            share if step == MINERALS else (1 - share) * Fraction(framework.step_weights[step], step_total)
        )
        for r in counted:
            if r.level >= 2:
                continue
            gap = 100 * step_share * Fraction(r.indicator.weight * (2 - r.level), section_weight * 2)
            items.append(
                Advice(
                    indicator=r.indicator,
                    level=r.level,
                    gap=gap,
                    text=r.indicator.advice_for(r.level),
                    missing=r.missing,
                )
            )
    order = {code: n for n, code in enumerate(i.code for i in framework.indicators())}
    return tuple(sorted(items, key=lambda a: (-a.gap, order[a.indicator.code])))
