"""A submission's result as a PDF: what the company files, and takes to its board (art. 9-10)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from imvo.monitoring.charts import progress_svg, step_scores_svg
from imvo.monitoring.framework import (
    MINERALS,
    STEPS,
    Framework,
    Indicator,
    Requirement,
    load_framework,
)
from imvo.monitoring.models import Submission
from imvo.monitoring.presenters import VERDICT_LABELS, rescore
from imvo.monitoring.selectors import company_history

TEMPLATE = "monitoring/result_pdf.html"
LEVELS = {0: gettext_lazy("not in place"), 1: gettext_lazy("basic"), 2: gettext_lazy("advanced")}
VERDICT_TEXTS = {
    "green": gettext_lazy("Your company meets what the agreement expects in this year."),
    "orange": gettext_lazy(
        "Your company does not yet meet what the agreement expects in this year. The secretariat "
        "will discuss the result and the next steps with your board."
    ),
    "red": gettext_lazy(
        "Your company falls well short of what the agreement expects in this year, or a knock-out "
        "criterion applies. The secretariat will discuss the result and the next steps with your board."
    ),
}


@dataclass(frozen=True)
class StepRow:
    key: str
    name: str
    score: float | None
    below_floor: bool


@dataclass(frozen=True)
class Missing:
    requirement: Requirement
    without_evidence: bool  # answered "yes", but no document or link backs it


@dataclass(frozen=True)
class AdviceItem:
    indicator: Indicator
    level: int
    level_name: str
    gap: float
    text: str
    missing: tuple[Missing, ...]


@dataclass(frozen=True)
class ProgressRow:
    label: str
    scores: list[float | None]  # in the order of the progress table's columns
    overall: float
    verdict: str
    verdict_name: str
    current: bool


def _advice(submission: Submission, framework: Framework) -> list[AdviceItem]:
    """The frozen advice in its ranking, with what each indicator still misses for the next level."""
    results = rescore(submission, framework).indicators
    answers = submission.answers
    items = []
    for a in submission.advice:
        indicator = framework.indicator(a["indicator"])
        met = (answers.get(indicator.code) or {}).get("met") or {}
        result = results.get(indicator.code)
        missing = tuple(
            Missing(requirement=r, without_evidence=bool(met.get(r.code)))
            for r in (result.missing if result else ())
        )
        items.append(
            AdviceItem(
                indicator=indicator,
                level=a["level"],
                level_name=str(LEVELS.get(a["level"], a["level"])),
                gap=a["gap"],
                text=indicator.advice_for(a["level"]),
                missing=missing,
            )
        )
    return items


def _step_keys(*sections: dict[str, float | None]) -> list[str]:
    return [k for k in (*STEPS, MINERALS) if any(k in s for s in sections)]


def _verdict_name(verdict: str) -> str:
    return str(VERDICT_LABELS.get(verdict, verdict))


def _history(submission: Submission) -> list[tuple[str, Submission]]:
    """The company's result in each round up to this one, and the first result of a round whose
    insufficient items were improved afterwards."""
    assessment = submission.assessment
    this_year = assessment.round.year.number
    shown: list[tuple[str, Submission]] = []
    for r in company_history(organization=assessment.organization, agreement=assessment.round.agreement):
        if r.round.year.number > this_year:
            continue
        latest, first = r.submission, r.first
        if r.round.pk == assessment.round_id:
            latest = submission
            first = assessment.submissions.get(number=1) if submission.number > 1 else None
        if first is not None:
            shown.append((_("%(year)s – first result") % {"year": r.round.year}, first))
        shown.append((str(r.round.year), latest))
    return shown


def _column(key: str) -> str:
    return _("Minerals") if key == MINERALS else _("Step %(n)s") % {"n": key}


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def result_pdf_context(submission: Submission) -> dict[str, Any]:
    """Everything the result shows, in the active language; the PDF and the tests both read it."""
    assessment = submission.assessment
    rnd = assessment.round
    framework = load_framework(submission.framework_version)
    thresholds = framework.thresholds_for(year=rnd.year.number, size_class=assessment.size_class)
    labels: dict[str, str] = {}
    for section in framework.sections:
        labels.setdefault(section.step, section.name)
    labels["overall"] = _("Overall")

    keys = _step_keys(submission.sections)
    steps = [
        StepRow(
            key=k,
            name=labels.get(k, k),
            score=submission.sections[k],
            below_floor=k in submission.below_floor,
        )
        for k in keys
    ]
    advice = _advice(submission, framework)
    modules = [
        framework.modules[m]
        for m in dict.fromkeys(m for item in advice for m in item.indicator.modules)
        if m in framework.modules
    ]

    history = _history(submission)
    progress_keys = _step_keys(*(s.sections for _label, s in history))
    progress = [
        ProgressRow(
            label=label,
            scores=[s.sections.get(k) for k in progress_keys],
            overall=float(s.overall),
            verdict=s.verdict,
            verdict_name=_verdict_name(s.verdict),
            current=s.pk == submission.pk,
        )
        for label, s in history
    ]
    progress_chart = (
        _data_uri(
            progress_svg(
                [(label, s.sections, float(s.overall)) for label, s in history],
                labels=labels,
            )
        )
        if len(history) > 1
        else ""
    )
    return {
        "submission": submission,
        "assessment": assessment,
        "organization": assessment.organization,
        "round": rnd,
        "framework": framework,
        "thresholds": thresholds,
        "verdict": submission.verdict,
        "verdict_name": _verdict_name(submission.verdict),
        "verdict_text": str(VERDICT_TEXTS.get(submission.verdict, "")),
        "steps": steps,
        "below_floor": [s for s in steps if s.below_floor],
        "knockouts": [k for k in framework.knockouts if k.code in submission.knockouts],
        "advice": advice,
        "modules": modules,
        "module_names": {code: m.name for code, m in framework.modules.items()},
        "step_chart": _data_uri(
            step_scores_svg(
                submission.sections, labels=labels, green=thresholds.green, floor=thresholds.step_floor
            )
        ),
        "progress": progress,
        "progress_columns": [_column(k) for k in progress_keys],
        "progress_chart": progress_chart,
    }


def result_pdf(submission: Submission, *, base_url: str | None = None) -> bytes:
    """The result as a tagged A4 PDF (screen readers get the charts' alt texts); it fetches data:
    URIs only, so rendering never reaches the network or the disk."""
    html = render_to_string(TEMPLATE, result_pdf_context(submission))
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_tags=True)


def result_pdf_filename(submission: Submission) -> str:
    """E.g. `alfa-metaal-bv-monitoring-2-1.pdf`: company, kind of round, year, submission."""
    rnd = submission.assessment.round
    name = slugify(
        f"{submission.assessment.organization.name} {rnd.kind} {rnd.year.number} {submission.number}"
    )
    return f"{name}.pdf"
