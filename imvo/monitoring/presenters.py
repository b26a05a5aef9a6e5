"""What the result pages, the PDF and the API show, built from a frozen submission and its framework."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imvo.monitoring.framework import (
    MINERALS,
    STEPS,
    Framework,
    Indicator,
    Module,
    Requirement,
    load_framework,
)
from imvo.monitoring.models import Answer, Assessment, Evidence, Submission
from imvo.monitoring.scoring import (
    IndicatorAnswer,
    IndicatorResult,
    RequirementAnswer,
    Result,
    indicator_level,
    score,
)

VERDICT_LABELS = {
    "green": gettext_lazy("green"),
    "orange": gettext_lazy("orange"),
    "red": gettext_lazy("red"),
}


def dom_id(code: str) -> str:
    """An indicator code as an HTML id and form prefix (no dots, which CSS selectors trip on)."""
    return "i-" + code.replace(".", "_")


def step_label(framework: Framework, key: str) -> str:
    if key == "overall":
        return _("Overall")
    for s in framework.sections:
        if s.step == key:
            return s.name
    return key


def indicator_level_now(
    assessment: Assessment, indicator: Indicator, answer: Answer | None, evidence: list[Evidence]
) -> IndicatorResult:
    """The level an indicator would get now, so a person sees what a tick or a document changes."""
    framework = load_framework(assessment.round.framework_version)
    evidenced = {e.requirement for e in evidence}
    ia = IndicatorAnswer(
        requirements={
            c: RequirementAnswer(met=bool(v), evidenced=c in evidenced)
            for c, v in ((answer.met or {}) if answer else {}).items()
        },
        not_applicable=bool(answer and answer.not_applicable),
    )
    return indicator_level(indicator, ia, evidence_cap=framework.evidence_cap)


def frozen_answers(submission: Submission) -> dict[str, IndicatorAnswer]:
    out = {}
    for code, a in (submission.answers or {}).items():
        evidenced = {e["requirement"] for e in a.get("evidence", [])}
        out[code] = IndicatorAnswer(
            requirements={
                c: RequirementAnswer(met=bool(v), evidenced=c in evidenced)
                for c, v in (a.get("met") or {}).items()
            },
            not_applicable=bool(a.get("not_applicable")),
        )
    return out


def rescore(submission: Submission, framework: Framework) -> Result:
    """The submission's result recomputed from its frozen answers, for the details it does not
    store (which requirements the next level needs)."""
    assessment = submission.assessment
    return score(
        framework,
        frozen_answers(submission),
        minerals_in_scope=assessment.minerals_in_scope,
        year=assessment.round.year.number,
        size_class=assessment.size_class,
    )


@dataclass
class StepView:
    key: str
    label: str
    score: float | None
    below_floor: bool
    insight: bool


@dataclass
class AdviceView:
    indicator: Indicator
    level: int
    gap: float
    text: str
    missing: tuple[Requirement, ...]
    modules: list[Module]


@dataclass
class ResultView:
    overall: float
    verdict: str
    verdict_label: str
    green: int
    orange: int
    floor: int
    steps: list[StepView]
    knockouts: list[str]
    advice: list[AdviceView]
    modules: list[Module] = field(default_factory=list)
    levels: dict[str, int | None] = field(default_factory=dict)


def result_view(
    *,
    assessment: Assessment,
    framework: Framework,
    submission: Submission | None = None,
    result: Result | None = None,
    insight_only: bool = False,
) -> ResultView:
    """From a submission (as frozen) or a live result (the preview before submitting). With
    `insight_only`, only the parts art. 13 opens to NGOs and unions."""
    if submission is not None:
        detail = rescore(submission, framework)
        overall = float(submission.overall)
        verdict = submission.verdict
        sections = submission.sections
        knockouts = submission.knockouts
        below = set(submission.below_floor)
        levels = submission.levels
        ranked = [(a["indicator"], a["level"], a["gap"]) for a in submission.advice]
    else:
        assert result is not None
        detail = result
        overall = result.percent() or 0.0
        verdict = result.verdict
        sections = {k: result.percent(k) for k in result.sections}
        knockouts = list(result.knockouts)
        below = set(result.below_floor)
        levels = {c: (None if r.not_applicable else r.level) for c, r in result.indicators.items()}
        ranked = [(a.indicator.code, a.level, float(a.gap)) for a in result.advice]
    thresholds = framework.thresholds_for(year=assessment.round.year.number, size_class=assessment.size_class)
    insight_steps = {s.step for s in framework.sections if s.ngo_insight}
    steps = [
        StepView(
            key=k,
            label=step_label(framework, k) if k != MINERALS else framework.section("minerals").name,
            score=sections.get(k),
            below_floor=k in below,
            insight=k in insight_steps,
        )
        for k in (*STEPS, MINERALS)
        if k in sections
    ]
    advice = []
    for code, level, gap in ranked:
        ind = framework.indicator(code)
        if insight_only and not ind.ngo_insight:
            continue
        r = detail.indicators.get(code)
        advice.append(
            AdviceView(
                indicator=ind,
                level=level,
                gap=gap,
                text=ind.advice_for(level),
                missing=r.missing if r else (),
                modules=[framework.modules[m] for m in ind.modules if m in framework.modules],
            )
        )
    if insight_only:
        steps = [s for s in steps if s.insight]
    modules: dict[str, Module] = {}
    for a in advice[:10]:
        for m in a.modules:
            modules.setdefault(m.code, m)
    texts = {k.code: k.text for k in framework.knockouts}
    return ResultView(
        overall=overall,
        verdict=verdict,
        verdict_label=str(VERDICT_LABELS.get(verdict, verdict)),
        green=thresholds.green,
        orange=thresholds.orange,
        floor=thresholds.step_floor,
        steps=steps,
        knockouts=[] if insight_only else [texts.get(k, k) for k in knockouts],
        advice=advice,
        modules=list(modules.values()),
        levels={} if insight_only else levels,
    )


def progress_chart(history, framework: Framework) -> dict:
    """Chart.js data: per step, one bar per round (the table beside it carries the same figures)."""
    keys = [k for k in (*STEPS, MINERALS) if any(k in h.submission.sections for h in history)]
    labels = [step_label(framework, k) if k != MINERALS else framework.section("minerals").name for k in keys]
    return {
        "rows": [
            {
                "label": label,
                "values": [(str(h.round), h.submission.sections.get(k)) for h in history],
            }
            for label, k in zip(labels, keys, strict=True)
        ]
        + [
            {
                "label": str(_("Overall")),
                "values": [(str(h.round), float(h.submission.overall)) for h in history],
            }
        ],
        "labels": [*labels, str(_("Overall"))],
        "datasets": [
            {
                "label": str(h.round),
                "data": [*(h.submission.sections.get(k) for k in keys), float(h.submission.overall)],
            }
            for h in history
        ],
    }
