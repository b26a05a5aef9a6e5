"""Actions of the plan of approach: starting the year's plan from the monitoring advice, the
prioritised risks and last year's open goals; keeping its goals or mapping the report's sections;
submitting it in versions; and the secretariat's aggregated plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement, AgreementYear, CompanyObligation
from imvo.core.files import sha256_of
from imvo.organizations.models import Organization
from imvo.plans import selectors
from imvo.plans.models import AggregatedPlan, Goal, Plan

OBLIGATION = "plan_of_approach"
ADVICE_GOALS = 5
"""How many of the top advice items a new structured plan starts with."""
MITIGATION_STEP = "3"
MAX_BYTES = 50 * 1_048_576
REPORT_SUFFIXES = (".pdf", ".xhtml", ".html", ".htm", ".docx", ".odt", ".zip")
GOAL_FIELDS = ("step", "risk", "what", "who", "due_on", "indicator", "status", "status_note")


def _check_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("This plan has been submitted and can no longer be changed; start a new version.")
        )


def _next_version(organization: Organization, year: AgreementYear) -> int:
    latest = Plan.objects.filter(organization=organization, year=year).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


# --- starting a plan -----------------------------------------------------------------------------


@transaction.atomic
def plan_start(*, organization: Organization, year: AgreementYear, kind: str, actor) -> Plan:
    """This year's plan as a draft. A structured plan starts with goals: last year's open goals to
    report on, one per prioritised risk, and the top of the monitoring advice. Starting again with the
    other kind switches the draft; nothing typed is lost."""
    if not organization.is_company:
        raise ValidationError(_("Only companies submit a plan of approach."))
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": _("Choose a plan in the platform or your CSRD/CSDDD report.")})
    draft = selectors.plan_draft(organization=organization, year=year)
    if draft is not None:
        if draft.kind != kind:
            draft.kind = kind
            draft.save(update_fields=["kind"])
            if kind == Plan.Kind.STRUCTURED and not draft.goals.exists():
                _prefill(draft)
        return draft
    if selectors.plan_submitted(organization=organization, year=year) is not None:
        raise ValidationError(_("This year's plan has been submitted; correct it in a new version."))
    plan = Plan.objects.create(
        organization=organization,
        year=year,
        version=_next_version(organization, year),
        kind=kind,
        created_by=actor,
    )
    if kind == Plan.Kind.STRUCTURED:
        _prefill(plan)
    return plan


def _prefill(plan: Plan) -> None:
    organization, year = plan.organization, plan.year
    register = selectors.register_for_plan(organization=organization, year=year)
    current = {r.lineage: r for r in register.risks.all()} if register else {}
    goals: list[Goal] = []
    previous = selectors.plan_previous(organization=organization, year=year)
    if previous is not None and previous.kind == Plan.Kind.STRUCTURED:
        for old in previous.goals.select_related("risk").exclude(status__in=selectors.CLOSED):
            goals.append(
                Goal(
                    plan=plan,
                    step=old.step,
                    risk=current.get(old.risk.lineage, old.risk) if old.risk else None,
                    source=Goal.Source.CARRIED,
                    source_ref=old.source_ref,
                    what=old.what,
                    who=old.who,
                    due_on=old.due_on if old.due_on and old.due_on >= year.start_date else None,
                    indicator=old.indicator,
                    status=Goal.Status.UNSET,
                    carried_from=old,
                )
            )
    linked = {g.risk.pk for g in goals if g.risk}
    for risk in selectors.prioritised_risks(register):
        if risk.pk in linked:
            continue
        goals.append(
            Goal(
                plan=plan,
                step=MITIGATION_STEP,
                risk=risk,
                source=Goal.Source.RISK,
                what=_("Prevent or mitigate: %(risk)s") % {"risk": selectors.risk_label(risk)},
            )
        )
    submission = selectors.latest_submission(organization=organization, year=year)
    carried_refs = {g.source_ref for g in goals if g.source_ref}
    for item in selectors.advice_items(submission, limit=ADVICE_GOALS) if submission else []:
        if item.code in carried_refs:
            continue
        goals.append(
            Goal(plan=plan, step=item.step, source=Goal.Source.ADVICE, source_ref=item.code, what=item.text)
        )
    for position, goal in enumerate(goals, start=1):
        goal.position = position
        goal.save()


# --- goals ---------------------------------------------------------------------------------------


def _clean_goal(plan: Plan, goal: Goal, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data["step"] not in selectors.ALL_STEPS:
        error("step", _("Choose the due-diligence step."))
    if not (data["what"] or "").strip():
        error("what", _("Say what the goal is."))
    due_on = data["due_on"]
    closed_report = goal.source == Goal.Source.CARRIED and data["status"] in selectors.CLOSED
    if due_on is not None and due_on < plan.year.start_date and not closed_report:
        error(
            "due_on",
            _("The date lies before this plan's year began (%(start)s); a goal is due in the future.")
            % {"start": plan.year.start_date.strftime("%d-%m-%Y")},
        )
    risk = data["risk"]
    if risk is not None:
        allowed = {r.pk for r in selectors.goal_risk_choices(plan)}
        if risk.pk not in allowed and risk.pk != goal.risk_id:
            error("risk", _("Choose one of your prioritised risks."))
    status = data["status"]
    if status not in Goal.Status.values or (
        status == Goal.Status.UNSET and goal.source != Goal.Source.CARRIED
    ):
        error("status", _("Choose the status of the goal."))
    return errors


@transaction.atomic
def goal_save(*, plan: Plan, data: dict[str, Any], actor, goal: Goal | None = None) -> Goal:
    """Add or change a goal. It may stay incomplete in the draft (the plan shows what is missing);
    a goal without what it is about, or due before the plan's year, is refused."""
    _check_editable(plan)
    goal = goal or Goal(plan=plan, source=Goal.Source.OWN)
    merged = {name: getattr(goal, name) for name in GOAL_FIELDS} | {
        k: v for k, v in data.items() if k in GOAL_FIELDS
    }
    merged["what"], merged["who"], merged["indicator"] = (
        (merged["what"] or "").strip(),
        (merged["who"] or "").strip(),
        (merged["indicator"] or "").strip(),
    )
    merged["status_note"] = (merged["status_note"] or "").strip()
    merged["status"] = merged["status"] or ""
    errors = _clean_goal(plan, goal, merged)
    if errors:
        raise ValidationError(errors)
    for name in GOAL_FIELDS:
        setattr(goal, name, merged[name])
    if goal.pk is None:
        goal.position = (plan.goals.aggregate(p=Max("position"))["p"] or 0) + 1
    goal.save()
    return goal


def goal_delete(*, goal: Goal, actor) -> None:
    _check_editable(goal.plan)
    if goal.source == Goal.Source.CARRIED:
        raise ValidationError(
            _(
                "A goal carried over from last year stays in the plan: give it its status (dropped, if you no longer pursue it)."
            )
        )
    goal.delete()


# --- the report ----------------------------------------------------------------------------------


def _check_report(plan: Plan) -> None:
    _check_editable(plan)
    if plan.kind != Plan.Kind.REPORT:
        raise ValidationError(_("Only a plan given as a CSRD/CSDDD report has a file and mapped sections."))


@transaction.atomic
def plan_upload(*, plan: Plan, file: UploadedFile, actor) -> Plan:
    """The report is kept unaltered, with its name and SHA-256; a new upload replaces the draft's."""
    _check_report(plan)
    if not file.size:
        raise ValidationError({"file": _("The file is empty.")})
    if file.size > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // 1_048_576}}
        )
    if Path(file.name or "").suffix.lower() not in REPORT_SUFFIXES:
        raise ValidationError(
            {"file": _("Upload the report as %(types)s.") % {"types": ", ".join(REPORT_SUFFIXES)}}
        )
    plan.sha256 = sha256_of(file)
    plan.original_name = (file.name or "")[:255]
    plan.file = file
    plan.save(update_fields=["file", "original_name", "sha256"])
    return plan


def plan_sections_save(*, plan: Plan, section_map: dict[str, dict[str, Any]], actor) -> Plan:
    """Per OECD step: where the report covers it, or that it does not. Steps may stay open in the
    draft; saying both at once is refused."""
    _check_report(plan)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, dict[str, Any]] = {}
    for step, entry in section_map.items():
        if step not in selectors.ALL_STEPS:
            continue
        where = str(entry.get("where") or "").strip()[:300]
        not_covered = bool(entry.get("not_covered"))
        if where and not_covered:
            errors[f"where_{step}"] = [
                _("Say where the report covers the step, or that it does not; not both.")
            ]
        if where or not_covered:
            cleaned[step] = {"where": where, "not_covered": not_covered}
    if errors:
        raise ValidationError(errors)
    plan.section_map = cleaned
    plan.save(update_fields=["section_map"])
    return plan


# --- submitting ----------------------------------------------------------------------------------


@transaction.atomic
def plan_submit(*, plan: Plan, actor) -> Plan:
    """Submit the plan to the secretariat (art. 12): every goal SMART, every prioritised risk with a
    goal and every carried goal's status given; a report with the file and every step mapped. A step
    without a goal is a warning, not a refusal. The version it corrects is superseded."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    plan.refresh_from_db()
    _check_editable(plan)
    problems = selectors.plan_view(plan).problems
    if problems:
        raise ValidationError(problems)
    for earlier in Plan.objects.filter(
        organization=plan.organization, year=plan.year, status=Plan.Status.SUBMITTED
    ).exclude(pk=plan.pk):
        earlier.status = Plan.Status.SUPERSEDED
        earlier.save(update_fields=["status"])
    plan.status = Plan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor
    plan.save(update_fields=["status", "submitted_at", "submitted_by"])
    CompanyObligation.objects.filter(
        organization=plan.organization,
        obligation__year=plan.year,
        obligation__kind=OBLIGATION,
        status=CompanyObligation.Status.OPEN,
    ).update(status=CompanyObligation.Status.DONE, completed_on=timezone.localdate(), completed_by=actor)
    return plan


@transaction.atomic
def plan_new_version(*, plan: Plan, actor) -> Plan:
    """A correction of the plan in force: a draft copy of it, goals and report included. The
    submitted version stays as it was until the new one is submitted."""
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Only the submitted plan can be corrected in a new version."))
    draft = selectors.plan_draft(organization=plan.organization, year=plan.year)
    if draft is not None:
        return draft
    draft = Plan.objects.create(
        organization=plan.organization,
        year=plan.year,
        version=_next_version(plan.organization, plan.year),
        kind=plan.kind,
        file=plan.file.name if plan.file else "",
        original_name=plan.original_name,
        sha256=plan.sha256,
        section_map=dict(plan.section_map or {}),
        created_by=actor,
    )
    for goal in plan.goals.all():
        goal.pk = None
        goal.plan = draft
        goal.save()
    return draft


# --- the aggregated plan -------------------------------------------------------------------------


def _published(agreement: Agreement, year: AgreementYear) -> bool:
    return AggregatedPlan.objects.filter(
        agreement=agreement, year=year, status=AggregatedPlan.Status.PUBLISHED
    ).exists()


@transaction.atomic
def aggregated_build(*, agreement: Agreement, year: AgreementYear, actor) -> AggregatedPlan:
    """A draft from the year's submitted plans; a new build replaces the draft and keeps its
    introduction. Once published, the year's aggregated plan stays the only one."""
    if _published(agreement, year):
        raise ValidationError(_("The aggregated plan of this year has already been published."))
    view = selectors.aggregated_live(agreement=agreement, year=year)
    drafts = AggregatedPlan.objects.filter(agreement=agreement, year=year, status=AggregatedPlan.Status.DRAFT)
    intro = drafts.values_list("intro", flat=True).first() or ""
    drafts.delete()
    return AggregatedPlan.objects.create(
        agreement=agreement, year=year, content=view.to_json(), intro=intro, built_by=actor
    )


def aggregated_intro_save(*, aggregated: AggregatedPlan, intro: str, actor) -> AggregatedPlan:
    if aggregated.status != AggregatedPlan.Status.DRAFT:
        raise ValidationError(_("A published aggregated plan is not changed."))
    aggregated.intro = intro.strip()
    aggregated.save(update_fields=["intro"])
    return aggregated


@transaction.atomic
def aggregated_publish(*, aggregated: AggregatedPlan, actor) -> AggregatedPlan:
    """Share the aggregated plan with all parties (art. 12); it never changes afterwards."""
    if aggregated.status != AggregatedPlan.Status.DRAFT:
        raise ValidationError(_("This aggregated plan is already published."))
    if _published(aggregated.agreement, aggregated.year):
        raise ValidationError(_("The aggregated plan of this year has already been published."))
    aggregated.status = AggregatedPlan.Status.PUBLISHED
    aggregated.published_at = timezone.now()
    aggregated.published_by = actor
    aggregated.save(update_fields=["status", "published_at", "published_by"])
    return aggregated
