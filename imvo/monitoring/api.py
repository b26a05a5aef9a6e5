"""The self-assessment through the API: the same visibility and permissions as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from imvo.audit.services import record_access
from imvo.core.api import RowId
from imvo.monitoring import selectors, services
from imvo.monitoring.framework import FrameworkError, load_framework
from imvo.monitoring.models import Assessment
from imvo.monitoring.presenters import result_view

router = Router(tags=["monitoring"])


class AssessmentOut(Schema):
    id: int
    organization_id: int
    organization: str
    round_kind: str
    year: int
    framework_version: str
    status: str
    due_date: dt.date
    minerals_in_scope: bool
    improvement_until: dt.date | None
    reopened_items: list[str]
    overall: float | None
    verdict: str | None


class AnswerOut(Schema):
    indicator: str
    met: dict[str, bool]
    not_applicable: bool
    explanation: str
    revision: int
    evidenced: list[str]


class AssessmentDetailOut(AssessmentOut):
    answers: list[AnswerOut]


class AnswerIn(Schema):
    met: dict[str, bool] = {}
    not_applicable: bool = False
    explanation: str = ""
    revision: int = 0


class StepOut(Schema):
    step: str
    name: str
    score: float | None
    below_floor: bool


class AdviceOut(Schema):
    indicator: str
    oecd: str
    question: str
    level: int
    gap: float
    advice: str
    missing: list[str]
    modules: list[str]


class ResultOut(Schema):
    submission: int
    submitted_at: dt.datetime
    framework_version: str
    overall: float
    verdict: str
    green_threshold: int
    orange_threshold: int
    step_floor: int
    steps: list[StepOut]
    knockouts: list[str]
    levels: dict[str, int | None]
    advice: list[AdviceOut]


class RequirementOut(Schema):
    code: str
    level: int
    evidence: bool
    text: str


class IndicatorOut(Schema):
    code: str
    section: str
    oecd: str
    weight: int
    question: str
    na_allowed: bool
    scored: bool
    requirements: list[RequirementOut]


class FrameworkOut(Schema):
    version: str
    name: str
    indicators: list[IndicatorOut]


def _out(a: Assessment) -> dict:
    latest = max(a.submissions.all(), key=lambda s: s.number, default=None)  # prefetched for lists
    return {
        "id": a.pk,
        "organization_id": a.organization_id,
        "organization": a.organization.name,
        "round_kind": a.round.kind,
        "year": a.round.year.number,
        "framework_version": a.round.framework_version,
        "status": a.status,
        "due_date": a.due_date,
        "minerals_in_scope": a.minerals_in_scope,
        "improvement_until": a.improvement_until,
        "reopened_items": a.reopened_items,
        "overall": float(latest.overall) if latest else None,
        "verdict": latest.verdict if latest else None,
    }


def _answer_out(answer) -> AnswerOut:
    return AnswerOut(
        indicator=answer.indicator,
        met=answer.met or {},
        not_applicable=answer.not_applicable,
        explanation=answer.explanation,
        revision=answer.revision,
        evidenced=sorted({e.requirement for e in answer.evidence.all()}),
    )


def _get(request, pk: RowId, perm: str = "monitoring.view_assessment") -> Assessment:
    assessment = selectors.assessment_get(pk=pk, fetched_by=request.user)
    if assessment is None:
        raise HttpError(404, "Not found.")
    if not request.user.has_perm(perm, assessment):
        raise HttpError(403, "You may not do this.")
    return assessment


def _errors(e: ValidationError) -> str:
    return " ".join(e.messages)


@router.get(
    "/assessments", response=list[AssessmentOut], summary="The caller's assessments (all for the secretariat)"
)
def assessment_list(request):
    if not request.user.has_perm("monitoring.view_rounds"):
        raise HttpError(403, "You may not do this.")
    rows = list(selectors.assessment_list(fetched_by=request.user).prefetch_related("submissions"))
    record_access(actor=request.user, objects=rows, what="self-assessments (API)")
    return [_out(a) for a in rows]


@router.get("/assessments/{pk}", response=AssessmentDetailOut, summary="One assessment with its answers")
def assessment_detail(request, pk: RowId):
    assessment = _get(request, pk)
    record_access(actor=request.user, objects=[assessment], what="self-assessment (API)")
    answers = [_answer_out(a) for a in selectors.answers_by_indicator(assessment).values()]
    return {**_out(assessment), "answers": answers}


@router.put(
    "/assessments/{pk}/answers/{indicator}",
    response={200: AnswerOut, 409: AnswerOut},
    summary="Save one answer; 409 with the current version when someone saved since `revision`",
)
def answer_put(request, pk: RowId, indicator: str, payload: AnswerIn):
    assessment = _get(request, pk, "monitoring.change_assessment")
    try:
        answer = services.answer_save(
            assessment=assessment,
            indicator=indicator,
            met=payload.met,
            not_applicable=payload.not_applicable,
            explanation=payload.explanation,
            base_revision=payload.revision,
            actor=request.user,
        )
    except services.ConflictError as e:
        return 409, _answer_out(e.current)
    except ValidationError as e:
        raise HttpError(422, _errors(e)) from e
    return _answer_out(answer)


def _result_out(assessment: Assessment, submission) -> ResultOut:
    framework = load_framework(submission.framework_version)
    view = result_view(assessment=assessment, submission=submission, framework=framework)
    return ResultOut(
        submission=submission.number,
        submitted_at=submission.submitted_at,
        framework_version=submission.framework_version,
        overall=view.overall,
        verdict=view.verdict,
        green_threshold=view.green,
        orange_threshold=view.orange,
        step_floor=view.floor,
        steps=[
            StepOut(step=s.key, name=s.label, score=s.score, below_floor=s.below_floor) for s in view.steps
        ],
        knockouts=list(submission.knockouts),
        levels=view.levels,
        advice=[
            AdviceOut(
                indicator=a.indicator.code,
                oecd=a.indicator.oecd,
                question=a.indicator.question,
                level=a.level,
                gap=a.gap,
                advice=a.text,
                missing=[r.code for r in a.missing],
                modules=[m.code for m in a.modules],
            )
            for a in view.advice
        ],
    )


@router.post(
    "/assessments/{pk}/submit", response=ResultOut, summary="Submit: freeze the answers, get the result"
)
def submit(request, pk: RowId):
    assessment = _get(request, pk, "monitoring.change_assessment")
    try:
        submission = services.assessment_submit(assessment=assessment, actor=request.user)
    except ValidationError as e:
        raise HttpError(422, _errors(e)) from e
    assessment.refresh_from_db()
    return _result_out(assessment, submission)


@router.get(
    "/assessments/{pk}/result", response=ResultOut, summary="The latest result: scores, verdict, advice"
)
def result(request, pk: RowId):
    assessment = _get(request, pk)
    submission = selectors.latest_submission(assessment)
    if submission is None:
        raise HttpError(404, "Not submitted yet.")
    record_access(actor=request.user, objects=[assessment], what="self-assessment result (API)")
    return _result_out(assessment, submission)


@router.get(
    "/frameworks/{version}", response=FrameworkOut, summary="The questions and requirements of a framework"
)
def framework(request, version: str):
    if not request.user.has_perm("monitoring.view_rounds"):
        raise HttpError(403, "You may not do this.")
    try:
        fw = load_framework(version)
    except FrameworkError as e:
        raise HttpError(404, "No such framework version.") from e
    return FrameworkOut(
        version=fw.version,
        name=fw.name,
        indicators=[
            IndicatorOut(
                code=i.code,
                section=i.section,
                oecd=i.oecd,
                weight=i.weight,
                question=i.question,
                na_allowed=i.na_allowed,
                scored=i.scored,
                requirements=[
                    RequirementOut(code=r.code, level=r.level, evidence=r.evidence, text=r.text)
                    for r in i.requirements
                ],
            )
            for i in fw.indicators()
        ],
    )
