"""Actions of the monitoring tool: open a round, answer, add evidence, submit, improve."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement, CompanyObligation
from imvo.agreements.selectors import size_class_for
from imvo.core.dates import add_months
from imvo.core.files import sha256_of
from imvo.modules.services import modules_assign
from imvo.monitoring.framework import FrameworkError, load_framework
from imvo.monitoring.models import (
    Answer,
    Assessment,
    AssessmentRound,
    CmrtImport,
    Evidence,
    FollowUpConversation,
    Submission,
)
from imvo.monitoring.scoring import IndicatorAnswer, RequirementAnswer, Result, score

OBLIGATION_OF: dict[str, str] = {
    AssessmentRound.Kind.BASELINE: "baseline_assessment",
    AssessmentRound.Kind.MONITORING: "monitoring_assessment",
}
IMPROVEMENT_MONTHS = 3


class ConflictError(ValidationError):
    """A colleague saved the same answer since this person loaded it."""

    def __init__(self, current: Answer):
        super().__init__(
            _("A colleague changed this answer in the meantime; check their version before saving yours.")
        )
        self.current = current


@transaction.atomic
def round_open(*, agreement: Agreement, year_number: int, due_date: dt.date, actor) -> AssessmentRound:
    """Open the year's round and give every company that owes it its own assessment."""
    year = agreement.years.filter(number=year_number).first()
    if year is None:
        raise ValidationError({"year": _("The agreement has no year %(n)s.") % {"n": year_number}})
    kind = AssessmentRound.Kind.BASELINE if year_number == 1 else AssessmentRound.Kind.MONITORING
    owed = CompanyObligation.objects.filter(obligation__year=year, obligation__kind=OBLIGATION_OF[kind])
    if not owed.exists():
        raise ValidationError({"year": _("No self-assessment is due in this agreement year.")})
    if AssessmentRound.objects.filter(agreement=agreement, year=year).exists():
        raise ValidationError({"year": _("A round is already open for this year.")})
    try:
        load_framework(agreement.framework_version)
    except FrameworkError as e:
        raise ValidationError(str(e)) from e
    rnd = AssessmentRound.objects.create(
        agreement=agreement,
        year=year,
        kind=kind,
        framework_version=agreement.framework_version,
        opened_on=timezone.localdate(),
        due_date=due_date,
        opened_by=actor,
    )
    for co in owed.select_related("organization"):
        sc = size_class_for(agreement=agreement, fte=co.organization.fte)
        Assessment.objects.create(
            round=rnd,
            organization=co.organization,
            due_date=co.due_date_override or due_date,
            size_class=sc.code if sc else "",
        )
    return rnd


def _framework(assessment: Assessment):
    return load_framework(assessment.round.framework_version)


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    indicator: str,
    met: dict[str, bool],
    not_applicable: bool,
    explanation: str,
    base_revision: int,
    actor,
) -> Answer:
    """Save one indicator's answer; refuse silently overwriting a colleague's newer save."""
    framework = _framework(assessment)
    try:
        ind = framework.indicator(indicator)
    except KeyError as e:
        raise ValidationError(_("Unknown indicator.")) from e
    if not assessment.may_edit(indicator):
        raise ValidationError(_("This answer can no longer be changed."))
    codes = {r.code for r in ind.requirements}
    if set(met) - codes:
        raise ValidationError(_("Unknown requirement."))
    if not_applicable and not ind.na_allowed:
        raise ValidationError({"not_applicable": _("This question applies to every company.")})
    if not_applicable and not explanation.strip():
        raise ValidationError({"explanation": _("Explain why this does not apply to your company.")})
    answer, _created = Answer.objects.select_for_update().get_or_create(
        assessment=assessment, indicator=indicator
    )
    if answer.revision != base_revision:
        raise ConflictError(answer)
    updated = Answer.objects.filter(pk=answer.pk, revision=base_revision).update(
        met={c: bool(met.get(c, False)) for c in sorted(codes)},
        not_applicable=not_applicable,
        explanation=explanation,
        revision=F("revision") + 1,
        updated_by=actor,
        updated_at=timezone.now(),
    )
    if not updated:
        answer.refresh_from_db()
        raise ConflictError(answer)
    answer.refresh_from_db()
    return answer


@transaction.atomic
def evidence_add(
    *,
    assessment: Assessment,
    indicator: str,
    requirement: str,
    actor,
    file: UploadedFile | None = None,
    link: str = "",
) -> Evidence:
    """Attach a file (stored unaltered, with its SHA-256) or a link to a requirement."""
    framework = _framework(assessment)
    try:
        ind = framework.indicator(indicator)
    except KeyError as e:
        raise ValidationError(_("Unknown indicator.")) from e
    if requirement not in {r.code for r in ind.requirements}:
        raise ValidationError(_("Unknown requirement."))
    if not assessment.may_edit(indicator):
        raise ValidationError(_("This answer can no longer be changed."))
    if bool(file) == bool(link.strip()):
        raise ValidationError(_("Attach a file or give a link."))
    answer, _created = Answer.objects.get_or_create(assessment=assessment, indicator=indicator)
    evidence = Evidence(answer=answer, requirement=requirement, uploaded_by=actor, link=link.strip())
    if file:
        evidence.sha256 = sha256_of(file)
        evidence.original_name = file.name or ""
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    return evidence


def assessment_answers(assessment: Assessment) -> dict[str, IndicatorAnswer]:
    """The answers as the scoring engine reads them; a requirement is evidenced by a file or link."""
    evidenced: dict[tuple[str, str], bool] = {}
    for indicator, requirement in Evidence.objects.filter(answer__assessment=assessment).values_list(
        "answer__indicator", "requirement"
    ):
        evidenced[(indicator, requirement)] = True
    out = {}
    for a in assessment.answers.all():
        out[a.indicator] = IndicatorAnswer(
            requirements={
                code: RequirementAnswer(met=bool(v), evidenced=evidenced.get((a.indicator, code), False))
                for code, v in (a.met or {}).items()
            },
            not_applicable=a.not_applicable,
        )
    return out


def assessment_result(assessment: Assessment) -> Result:
    return score(
        _framework(assessment),
        assessment_answers(assessment),
        minerals_in_scope=assessment.minerals_in_scope,
        year=assessment.round.year.number,
        size_class=assessment.size_class,
    )


def _frozen_answers(assessment: Assessment) -> dict:
    evidence: dict[str, list[dict]] = {}
    for e in Evidence.objects.filter(answer__assessment=assessment).select_related("answer"):
        evidence.setdefault(e.answer.indicator, []).append(
            {
                "requirement": e.requirement,
                "file": e.file.name or "",
                "name": e.original_name,
                "sha256": e.sha256,
                "link": e.link,
            }
        )
    return {
        a.indicator: {
            "met": a.met,
            "not_applicable": a.not_applicable,
            "explanation": a.explanation,
            "revision": a.revision,
            "evidence": evidence.get(a.indicator, []),
        }
        for a in assessment.answers.all()
    }


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Submission:
    """Freeze the answers and compute the result at once (immutable, versioned)."""
    assessment = Assessment.objects.select_for_update().select_related("round__year").get(pk=assessment.pk)
    if not assessment.is_editable:
        raise ValidationError(_("This assessment has already been submitted."))
    if assessment.status == Assessment.Status.IMPROVING and not assessment.improvement_window_open:
        raise ValidationError(_("The three months to improve insufficient items have passed."))
    result = assessment_result(assessment)
    number = assessment.submissions.count() + 1
    submission = Submission.objects.create(
        assessment=assessment,
        number=number,
        submitted_at=timezone.now(),
        submitted_by=actor,
        framework_version=assessment.round.framework_version,
        answers=_frozen_answers(assessment),
        overall=Decimal(str(result.percent())),
        sections={k: result.percent(k) for k in result.sections},
        levels={code: (None if r.not_applicable else r.level) for code, r in result.indicators.items()},
        verdict=result.verdict,
        knockouts=list(result.knockouts),
        below_floor=list(result.below_floor),
        advice=[
            {"indicator": a.indicator.code, "level": a.level, "gap": round(float(a.gap), 2)}
            for a in result.advice
        ],
    )
    if number == 1 and result.verdict in ("orange", "red"):
        assessment.improvement_until = add_months(timezone.localdate(), IMPROVEMENT_MONTHS)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.reopened_items = []
    assessment.save(update_fields=["status", "improvement_until", "reopened_items"])
    CompanyObligation.objects.filter(
        organization=assessment.organization,
        obligation__year=assessment.round.year,
        obligation__kind=OBLIGATION_OF[assessment.round.kind],
        status=CompanyObligation.Status.OPEN,
    ).update(status=CompanyObligation.Status.DONE, completed_on=timezone.localdate(), completed_by=actor)
    modules_assign(submission=submission)
    return submission


def insufficient_items(submission: Submission) -> list[str]:
    """Indicators scored insufficient (level 0) in a submission: the ones that may be improved."""
    return [code for code, level in submission.levels.items() if level == 0]


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, indicators: list[str], actor) -> Assessment:
    """Reopen just the insufficient items, within three months of an orange or red result."""
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be improved."))
    if not assessment.improvement_window_open:
        raise ValidationError(
            _("The three months to improve insufficient items have passed, or do not apply.")
        )
    latest = assessment.submissions.order_by("-number").first()
    allowed = set(insufficient_items(latest)) if latest else set()
    chosen = [i for i in indicators if i]
    if not chosen:
        raise ValidationError(_("Choose the items you want to improve."))
    if set(chosen) - allowed:
        raise ValidationError(_("Only items scored insufficient can be reopened."))
    assessment.status = Assessment.Status.IMPROVING
    assessment.reopened_items = sorted(chosen)
    assessment.save(update_fields=["status", "reopened_items"])
    return assessment


@transaction.atomic
def assessment_set_scope(*, assessment: Assessment, minerals_in_scope: bool, actor) -> Assessment:
    """Say whether tin, tantalum, tungsten, gold or other CAHRA minerals are in the chain; this
    shows or hides the minerals section, so it can only change before submitting."""
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(_("The scope can no longer be changed once the assessment is submitted."))
    assessment.minerals_in_scope = minerals_in_scope
    assessment.save(update_fields=["minerals_in_scope"])
    return assessment


@transaction.atomic
def follow_up_record(
    *, assessment: Assessment, held_on: dt.date, board_member: str, agreed_actions: str, actor
) -> FollowUpConversation:
    """Record the conversation with an orange or red company, its board present (art. 10)."""
    latest = assessment.submissions.order_by("-number").first()
    if latest is None or latest.verdict not in ("orange", "red"):
        raise ValidationError(_("A follow-up conversation is for companies that scored orange or red."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record a conversation once it has taken place.")})
    if held_on < latest.submitted_at.date():
        raise ValidationError({"held_on": _("The conversation follows the result; check the date.")})
    if not board_member.strip():
        raise ValidationError({"board_member": _("Name the board member who took part.")})
    if not agreed_actions.strip():
        raise ValidationError({"agreed_actions": _("Write down the actions agreed.")})
    return FollowUpConversation.objects.create(
        assessment=assessment,
        held_on=held_on,
        board_member=board_member.strip(),
        agreed_actions=agreed_actions.strip(),
        recorded_by=actor,
    )


def _apply_prefill(assessment: Assessment, prefills: dict, actor) -> list[str]:
    """Merge pre-filled ticks into the answers: what a source says replaces the ticks it covers, the
    rest of each answer stays, and a note in the explanation says where they came from."""
    filled = []
    for code, item in prefills.items():
        if not item.met or not assessment.may_edit(code):
            continue
        answer, _created = Answer.objects.select_for_update().get_or_create(
            assessment=assessment, indicator=code
        )
        notes = [n for n in item.notes if n not in answer.explanation]
        answer.met = {**(answer.met or {}), **item.met}
        answer.explanation = "\n".join(filter(None, [answer.explanation, *notes]))
        answer.revision += 1
        answer.updated_by = actor
        answer.save()
        filled.append(code)
    return filled


@transaction.atomic
def locations_prefill(*, assessment: Assessment, actor) -> list[str]:
    """Pre-fill the chain-transparency indicators from the company's submitted production-location
    list of the round's year (art. 15–18), so the figures are not typed twice."""
    from imvo.monitoring.cmrt import Prefill
    from imvo.supply_chain.selectors import chain_fact_values, chain_facts

    if not assessment.is_editable:
        raise ValidationError(_("This assessment has already been submitted."))
    facts = chain_facts(organization=assessment.organization, year=assessment.round.year)
    if facts is None:
        raise ValidationError(_("Submit your production-location list for this year first."))
    values = chain_fact_values(facts)
    note = _(
        "From the production-location list %(year)s (version %(version)s): %(n)s locations, %(beyond)s beyond tier 1"
    ) % {
        "year": facts.year,
        "version": facts.list_version,
        "n": facts.locations,
        "beyond": facts.beyond_tier1,
    }
    if facts.previous_locations is not None:
        note += _("; last year %(n)s locations, %(beyond)s beyond tier 1") % {
            "n": facts.previous_locations,
            "beyond": facts.previous_beyond_tier1,
        }
    note += "."
    prefills = {}
    for indicator in _framework(assessment).indicators():
        met = {
            r.code: values[r.locations]
            for r in indicator.requirements
            if r.locations and values.get(r.locations) is not None
        }
        if met:
            prefills[indicator.code] = Prefill(met=met, notes=(note,))  # type: ignore[arg-type]
    return _apply_prefill(assessment, prefills, actor)


@transaction.atomic
def cmrt_import(*, assessment: Assessment, file: UploadedFile, actor) -> CmrtImport:
    """Pre-fill the minerals section from the company's CMRT or EMRT. Answers it gives replace the
    ticks of the requirements it covers; the rest of each answer stays, and a note in the
    explanation says where the pre-filled answers came from."""
    from imvo.monitoring.cmrt import CmrtError, prefill, read_cmrt

    if not assessment.minerals_in_scope:
        raise ValidationError(_("First say in your profile that minerals are in scope."))
    if not assessment.is_editable:
        raise ValidationError(_("This assessment has already been submitted."))
    try:
        report = read_cmrt(file)
    except CmrtError as e:
        raise ValidationError(str(e)) from e
    file.seek(0)
    filled = _apply_prefill(assessment, prefill(_framework(assessment), report), actor)
    return CmrtImport.objects.create(
        assessment=assessment,
        file=file,
        original_name=file.name or "",
        sha256=sha256_of(file),
        template=report.template,
        revision=report.revision,
        company_name=report.company_name,
        smelters=[dataclasses.asdict(s) for s in report.smelters],
        prefilled=filled,
        warnings=list(report.warnings),
        imported_by=actor,
    )
