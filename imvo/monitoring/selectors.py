"""Reads of the monitoring tool, with who may see which assessment decided here, in one place."""

from __future__ import annotations

import builtins
import statistics
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement
from imvo.core.disclosure import protect
from imvo.monitoring.framework import MINERALS, STEPS, Framework
from imvo.monitoring.models import (
    Answer,
    Assessment,
    AssessmentRound,
    Evidence,
    FollowUpConversation,
    Submission,
)
from imvo.organizations.models import ConfidentialityAgreement, Organization
from imvo.organizations.selectors import confidentiality_agreement_in_force, is_active_party

INSIGHT_KINDS = (Organization.Kind.NGO, Organization.Kind.UNION)


def round_list(*, agreement: Agreement) -> QuerySet[AssessmentRound]:
    return AssessmentRound.objects.filter(agreement=agreement).select_related("year")


def round_get(*, pk: int) -> AssessmentRound | None:
    return AssessmentRound.objects.select_related("year", "agreement").filter(pk=pk).first()


def has_ngo_insight(*, user, agreement: Agreement) -> bool:
    """Art. 13: an NGO or union that is a party, takes part in a module ("die deelnemen aan een
    module": attended a session), and has a confidentiality agreement for this insight on record."""
    from imvo.modules.selectors import module_participation

    org = getattr(user, "organization", None)
    if org is None or org.kind not in INSIGHT_KINDS:
        return False
    if not is_active_party(organization_id=org.pk, agreement=agreement):
        return False
    if not module_participation(organization=org, agreement=agreement):
        return False
    return (
        confidentiality_agreement_in_force(
            organization_id=org.pk, agreement=agreement, scope=ConfidentialityAgreement.Scope.NGO_INSIGHT
        )
        is not None
    )


def assessment_list(*, fetched_by, round: AssessmentRound | None = None) -> QuerySet[Assessment]:
    """The assessments a person may open: their own company's, or every one for the secretariat."""
    qs = Assessment.objects.select_related("round__year", "round__agreement", "organization")
    if round is not None:
        qs = qs.filter(round=round)
    if not getattr(fetched_by, "is_authenticated", False):
        return qs.none()
    if Role.SECRETARIAT in roles_of(fetched_by):
        return qs
    if fetched_by.organization_id is None:
        return qs.none()
    return qs.filter(organization_id=fetched_by.organization_id)


def assessment_get(*, pk: int, fetched_by) -> Assessment | None:
    return assessment_list(fetched_by=fetched_by).filter(pk=pk).first()


def insight_list(*, fetched_by, agreement: Agreement) -> QuerySet[Assessment]:
    """Submitted assessments an NGO or union with insight rights may look into (art. 13)."""
    if not has_ngo_insight(user=fetched_by, agreement=agreement):
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(round__agreement=agreement, submissions__isnull=False)
        .distinct()
        .select_related("round__year", "organization")
        .order_by("-round__year__number", "organization__name")
    )


def latest_submission(assessment: Assessment) -> Submission | None:
    return assessment.submissions.order_by("-number").first()


def answers_by_indicator(assessment: Assessment) -> dict[str, Answer]:
    evidence = Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at"))
    return {
        a.indicator: a for a in assessment.answers.prefetch_related(evidence).select_related("updated_by")
    }


@dataclass
class Progress:
    """How far an assessment is: answered indicators out of those that apply."""

    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def is_answered(answer: Answer | None) -> bool:
    """Touched at all: a tick either way, not applicable, or an explanation."""
    return answer is not None and (answer.not_applicable or bool(answer.met) or bool(answer.explanation))


def assessment_progress(assessment: Assessment, framework: Framework, answers: dict[str, Answer]) -> Progress:
    codes = [
        i.code
        for s in framework.sections_for(minerals_in_scope=assessment.minerals_in_scope)
        for i in s.indicators
    ]
    return Progress(answered=sum(is_answered(answers.get(c)) for c in codes), total=len(codes))


def improvable_items(assessment: Assessment) -> list[str]:
    """The items the company may still reopen: scored 0 in its latest submission, within the
    three months after an orange or red result, while nothing is reopened yet."""
    if assessment.status != Assessment.Status.SUBMITTED or not assessment.improvement_window_open:
        return []
    latest = latest_submission(assessment)
    return [code for code, level in latest.levels.items() if level == 0] if latest else []


@dataclass
class RoundRow:
    assessment: Assessment
    submission: Submission | None
    follow_up_done: bool

    @property
    def needs_follow_up(self) -> bool:
        return self.submission is not None and self.submission.verdict in ("orange", "red")


def round_table(*, round: AssessmentRound, fetched_by, sort: str = "name") -> list[RoundRow]:
    """Every company of a round with its latest result and whether the follow-up talk took place."""
    submissions = {s.assessment_id: s for s in _latest_submissions(round)}
    qs = assessment_list(fetched_by=fetched_by, round=round).annotate(
        has_talk=Exists(FollowUpConversation.objects.filter(assessment=OuterRef("pk")))
    )
    rows = [RoundRow(a, submissions.get(a.pk), a.has_talk) for a in qs]
    column, descending = sort.lstrip("-"), sort.startswith("-")
    keys = {
        "name": lambda r: r.assessment.organization.name.lower(),
        "status": lambda r: (r.assessment.status, r.assessment.organization.name.lower()),
        "score": lambda r: r.submission.overall if r.submission else 0,
        "verdict": lambda r: (
            {"red": 0, "orange": 1, "green": 2}.get(r.submission.verdict, 3) if r.submission else 3
        ),
    }
    key = keys.get(column, keys["name"])
    rows.sort(key=key, reverse=descending)
    if column in ("score", "verdict"):  # companies without a result stay at the bottom either way
        rows.sort(key=lambda r: r.submission is None)
    return rows


def _latest_submissions(round: AssessmentRound) -> list[Submission]:
    latest = Submission.objects.filter(assessment=OuterRef("pk")).order_by("-number").values("pk")[:1]
    ids = Assessment.objects.filter(round=round).annotate(latest=Subquery(latest)).values("latest")
    return list(Submission.objects.filter(pk__in=ids))


@dataclass
class StepDistribution:
    """How the companies of a round score on one step: counts per band, without names."""

    key: str
    n: int
    bands: list[int | None]  # None: fewer companies than the agreement's minimum cell
    median: float | None
    mean: float | None


@dataclass
class RoundAggregate:
    submitted: int
    suppressed: bool
    steps: list[StepDistribution] = field(default_factory=list)
    verdicts: dict[str, int | None] = field(default_factory=dict)


BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


def round_aggregate(*, round: AssessmentRound) -> RoundAggregate:
    """The distribution per step that the year-1 and year-2/4 reports use; never traceable to one
    company: too few submissions suppress everything, and bands and verdicts are protected as
    `core.disclosure.protect` protects any table of counts."""
    minimum = round.agreement.min_companies_per_cell
    subs = _latest_submissions(round)
    if len(subs) < minimum:
        return RoundAggregate(submitted=len(subs), suppressed=True)

    steps = []
    for key in (*STEPS, MINERALS, "overall"):
        values = [
            float(s.overall) if key == "overall" else s.sections.get(key)
            for s in subs
            if key == "overall" or s.sections.get(key) is not None
        ]
        values = [v for v in values if v is not None]
        if key == MINERALS and not values:
            continue
        enough = len(values) >= minimum
        steps.append(
            StepDistribution(
                key=key,
                n=len(values) if enough else 0,
                bands=protect([sum(lo <= v < hi for v in values) for lo, hi in BANDS], minimum)
                if enough
                else [None] * len(BANDS),
                median=builtins.round(statistics.median(values), 1) if enough else None,
                mean=builtins.round(statistics.fmean(values), 1) if enough else None,
            )
        )
    colours = ("green", "orange", "red")
    verdicts = dict(
        zip(colours, protect([sum(s.verdict == v for s in subs) for v in colours], minimum), strict=True)
    )
    return RoundAggregate(submitted=len(subs), suppressed=False, steps=steps, verdicts=verdicts)


@dataclass
class RoundResult:
    round: AssessmentRound
    submission: Submission
    first: Submission | None  # the first result, when items were improved afterwards


def company_history(*, organization: Organization, agreement: Agreement) -> list[RoundResult]:
    """The company's result in each round, oldest first, for the progress chart."""
    out = []
    for a in (
        Assessment.objects.filter(organization=organization, round__agreement=agreement)
        .select_related("round__year")
        .prefetch_related("submissions")
        .order_by("round__year__number")
    ):
        subs = sorted(a.submissions.all(), key=lambda s: s.number)
        if subs:
            out.append(RoundResult(a.round, subs[-1], subs[0] if len(subs) > 1 else None))
    return out


def conversation_list(assessment: Assessment) -> QuerySet[FollowUpConversation]:
    return assessment.conversations.select_related("recorded_by")


def evidence_get(*, pk: int, fetched_by) -> Evidence | None:
    return (
        Evidence.objects.select_related("answer__assessment__organization")
        .filter(pk=pk, answer__assessment__in=assessment_list(fetched_by=fetched_by))
        .first()
    )
