"""Reads of the plan of approach, including who may see which plan: a company its own, the
secretariat every company's; the aggregated plan once published for every party. Also what a plan
starts from (the monitoring advice and the prioritised risks) and what its page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement, AgreementYear
from imvo.monitoring.framework import MINERALS, STEPS, load_framework
from imvo.monitoring.models import Submission
from imvo.organizations.models import Organization
from imvo.plans import aggregate
from imvo.plans.models import AggregatedPlan, Goal, Plan
from imvo.risks.method import method
from imvo.risks.models import Risk, RiskRegister

ALL_STEPS = (*STEPS, MINERALS)
CLOSED = (Goal.Status.ACHIEVED, Goal.Status.DROPPED)


def is_secretariat(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def step_names(agreement: Agreement) -> dict[str, str]:
    """The OECD steps (and the minerals section) as the agreement's framework names them."""
    framework = load_framework(agreement.framework_version)
    names = {s.step: s.name for s in framework.sections}
    return {step: names.get(step, step) for step in ALL_STEPS}


# --- plans ---------------------------------------------------------------------------------------


def plan_get(*, pk: int) -> Plan | None:
    return Plan.objects.select_related("organization", "year__agreement").filter(pk=pk).first()


def plans_of(*, organization: Organization, agreement: Agreement) -> QuerySet[Plan]:
    """Every version of the company's plans, newest year and version first."""
    return Plan.objects.filter(organization=organization, year__agreement=agreement).select_related("year")


def plan_draft(*, organization: Organization, year: AgreementYear) -> Plan | None:
    return Plan.objects.filter(organization=organization, year=year, status=Plan.Status.DRAFT).first()


def plan_submitted(*, organization: Organization, year: AgreementYear) -> Plan | None:
    """The year's plan in force: the latest submitted version."""
    return Plan.objects.filter(organization=organization, year=year, status=Plan.Status.SUBMITTED).first()


def plan_previous(*, organization: Organization, year: AgreementYear) -> Plan | None:
    """The submitted plan of the latest earlier year: whose open goals come along."""
    return (
        Plan.objects.filter(
            organization=organization,
            year__agreement=year.agreement,
            year__number__lt=year.number,
            status=Plan.Status.SUBMITTED,
        )
        .select_related("year")
        .order_by("-year__number")
        .first()
    )


def goals_of(plan: Plan) -> list[Goal]:
    return list(plan.goals.select_related("risk", "carried_from"))


# --- what a structured plan starts from ------------------------------------------------------------


def latest_submission(*, organization: Organization, year: AgreementYear) -> Submission | None:
    """The company's latest monitoring result up to the plan's year."""
    return (
        Submission.objects.filter(
            assessment__organization=organization,
            assessment__round__agreement=year.agreement,
            assessment__round__year__number__lte=year.number,
        )
        .select_related("assessment__round__year")
        .order_by("-assessment__round__year__number", "-number")
        .first()
    )


@dataclass(frozen=True)
class AdviceItem:
    code: str
    step: str
    text: str


def advice_items(submission: Submission, *, limit: int) -> list[AdviceItem]:
    """The top of the submission's ranked advice, with the step each indicator belongs to."""
    from imvo.monitoring.presenters import result_view

    framework = load_framework(submission.framework_version)
    view = result_view(assessment=submission.assessment, framework=framework, submission=submission)
    items = []
    for advice in view.advice[:limit]:
        indicator = advice.indicator
        text = advice.text or indicator.question
        items.append(AdviceItem(code=indicator.code, step=indicator.step, text=text))
    return items


def register_for_plan(*, organization: Organization, year: AgreementYear) -> RiskRegister | None:
    """The year's risk register, else the latest earlier one: the plan is due before the risk
    analysis, so early in the year last year's priorities are the ones to plan for."""
    return (
        RiskRegister.objects.filter(
            organization=organization, agreement=year.agreement, year__number__lte=year.number
        )
        .order_by("-year__number")
        .first()
    )


def prioritised_risks(register: RiskRegister | None) -> list[Risk]:
    if register is None:
        return []
    from imvo.risks.selectors import register_view

    return [line.risk for line in register_view(register).priorities]


def goal_risk_choices(plan: Plan) -> list[Risk]:
    """The risks a goal may be linked to: the prioritised ones of the plan's register."""
    return prioritised_risks(register_for_plan(organization=plan.organization, year=plan.year))


def risk_label(risk: Risk) -> str:
    from imvo.core.countries import country_name
    from imvo.supply_chain.vocabulary import vocabulary

    theme = method().theme(risk.theme)
    parts = [theme.name if theme else risk.theme]
    if risk.material:
        parts.append(dict(vocabulary().choices("materials")).get(risk.material, risk.material))
    if risk.country:
        parts.append(country_name(risk.country))
    return " – ".join(str(p) for p in parts)


# --- the plan page -------------------------------------------------------------------------------


@dataclass
class GoalLine:
    goal: Goal
    missing: list[str] = field(default_factory=list)


@dataclass
class PastLine:
    """One of last year's goals and what became of it."""

    goal: Goal
    status: str
    status_label: str
    note: str


@dataclass
class PlanView:
    plan: Plan
    lines: list[GoalLine]
    risks_without_goal: list[Risk]
    steps_without_goal: list[str]
    unmapped_steps: list[str]
    past: list[PastLine]
    previous: Plan | None

    @property
    def problems(self) -> list[str]:
        """What keeps the plan from being submitted, in words for the company."""
        problems = []
        plan = self.plan
        if plan.kind == Plan.Kind.STRUCTURED:
            if not self.lines:
                problems.append(_("Add at least one goal."))
            incomplete = sum(1 for line in self.lines if line.missing)
            if incomplete:
                problems.append(
                    _("%(count)s goals are not complete yet: each needs what, who, by when and an indicator.")
                    % {"count": incomplete}
                )
            if self.risks_without_goal:
                problems.append(
                    _("%(count)s prioritised risks have no goal yet.")
                    % {"count": len(self.risks_without_goal)}
                )
        else:
            if not plan.file:
                problems.append(_("Upload the report."))
            if self.unmapped_steps:
                problems.append(
                    _("Say for every step where the report covers it, or that it does not: %(steps)s.")
                    % {"steps": ", ".join(self.unmapped_steps)}
                )
        return problems


def goal_missing(goal: Goal) -> list[str]:
    """What keeps a goal from being SMART. A carried goal that was achieved or dropped is a report on
    last year's goal, not a goal for this year: only its status is asked."""
    if goal.source == Goal.Source.CARRIED and goal.status in CLOSED:
        return []
    missing = []
    if not goal.what.strip():
        missing.append(_("what"))
    if not goal.who.strip():
        missing.append(_("who"))
    if goal.due_on is None:
        missing.append(_("by when"))
    if not goal.indicator.strip():
        missing.append(_("indicator"))
    if goal.source == Goal.Source.CARRIED and not goal.status:
        missing.append(_("the status of last year's goal"))
    return missing


def step_mapped(entry: Any) -> bool:
    return isinstance(entry, dict) and (
        bool(entry.get("not_covered")) or bool(str(entry.get("where", "")).strip())
    )


def past_status(goal: Goal, copy: Goal | None) -> str:
    """What became of last year's goal, as one of `aggregate.PAST`: the carried copy's status when
    the company reported on it, else the status it closed with last year."""
    status = copy.status if copy is not None and copy.status else goal.status
    if status in CLOSED:
        return str(status)
    if copy is not None and copy.status:
        return "continued"
    return "not_reported"


PAST_LABELS = {
    "achieved": gettext_lazy("achieved"),
    "continued": gettext_lazy("continued (planned or in progress)"),
    "dropped": gettext_lazy("dropped"),
    "not_reported": gettext_lazy("no update yet"),
}


def past_lines(*, previous: Plan | None, copies: dict[int, Goal]) -> list[PastLine]:
    lines = []
    for goal in goals_of(previous) if previous and previous.kind == Plan.Kind.STRUCTURED else []:
        copy = copies.get(goal.pk)
        status = past_status(goal, copy)
        if copy is not None and copy.status:
            label = copy.get_status_display()
        elif status == "not_reported":
            label = str(PAST_LABELS[status])
        else:
            label = goal.get_status_display()
        note = (copy.status_note if copy is not None and copy.status else "") or goal.status_note
        lines.append(PastLine(goal=goal, status=status, status_label=str(label), note=note))
    return lines


def plan_view(plan: Plan) -> PlanView:
    goals = goals_of(plan)
    lines = [GoalLine(goal, goal_missing(goal)) for goal in goals]
    risks: list[Risk] = []
    if plan.kind == Plan.Kind.STRUCTURED:
        linked = {g.risk_id for g in goals if g.risk_id}
        risks = [r for r in goal_risk_choices(plan) if r.pk not in linked]
    names = step_names(plan.year.agreement)
    covered = {g.step for g in goals if g.status not in CLOSED or g.source != Goal.Source.CARRIED}
    previous = plan_previous(organization=plan.organization, year=plan.year)
    copies = {g.carried_from_id: g for g in goals if g.carried_from_id}
    return PlanView(
        plan=plan,
        lines=lines,
        risks_without_goal=risks,
        steps_without_goal=[names[s] for s in STEPS if s not in covered] if goals else [],
        unmapped_steps=[names[s] for s in STEPS if not step_mapped((plan.section_map or {}).get(s))],
        past=past_lines(previous=previous, copies=copies),
        previous=previous,
    )


# --- the secretariat's overview --------------------------------------------------------------------


@dataclass
class OverviewCell:
    year: AgreementYear
    submitted: Plan | None
    draft: Plan | None


def overview(*, agreement: Agreement) -> tuple[list[AgreementYear], list[dict[str, Any]]]:
    """Per company taking part: per year, the plan in force and a draft under way."""
    from imvo.organizations.selectors import companies_taking_part

    years = list(agreement.years.order_by("number"))
    plans: dict[tuple[int, int], dict[str, Plan]] = {}
    for plan in Plan.objects.filter(year__agreement=agreement).exclude(status=Plan.Status.SUPERSEDED):
        plans.setdefault((plan.organization_id, plan.year_id), {})[plan.status] = plan
    rows = []
    for org in companies_taking_part(agreement=agreement).order_by("name"):
        cells = []
        for year in years:
            found = plans.get((org.pk, year.pk), {})
            cells.append(OverviewCell(year, found.get(Plan.Status.SUBMITTED), found.get(Plan.Status.DRAFT)))
        rows.append({"organization": org, "cells": cells})
    return years, rows


def plans_in(rows: list[dict[str, Any]]) -> list[Plan]:
    """The plans an overview shows: what a read of it is logged against."""
    return [p for row in rows for cell in row["cells"] for p in (cell.submitted, cell.draft) if p]


# --- the aggregated plan ---------------------------------------------------------------------------


def _submitted(agreement: Agreement, year_number: int) -> list[Plan]:
    return list(
        Plan.objects.filter(
            year__agreement=agreement, year__number=year_number, status=Plan.Status.SUBMITTED
        ).prefetch_related("goals__risk")
    )


def entries(*, agreement: Agreement, year: AgreementYear):
    """The aggregation's input from the submitted plans: plans, this year's goals (carried goals
    closed this year are last year's, not this year's) and last year's goals with what became of them."""
    plans = _submitted(agreement, year.number)
    plan_entries = [aggregate.PlanEntry(p.organization_id, p.kind) for p in plans]
    goal_entries = [
        aggregate.GoalEntry(p.organization_id, g.step, g.risk.theme if g.risk else aggregate.UNLINKED)
        for p in plans
        for g in p.goals.all()
        if not (g.source == Goal.Source.CARRIED and g.status in CLOSED)
    ]
    if year.number == 1:
        return plan_entries, goal_entries, None
    copies = {g.carried_from_id: g for p in plans for g in p.goals.all() if g.carried_from_id}
    past = [
        aggregate.PastGoal(p.organization_id, past_status(g, copies.get(g.pk)))
        for p in _submitted(agreement, year.number - 1)
        if p.kind == Plan.Kind.STRUCTURED
        for g in p.goals.all()
    ]
    return plan_entries, goal_entries, past


def aggregated_live(*, agreement: Agreement, year: AgreementYear) -> aggregate.AggregatedView:
    plans, goals, past = entries(agreement=agreement, year=year)
    return aggregate.aggregate(
        plans, goals, past, k=agreement.min_companies_per_cell, themes=method().codes("themes")
    )


def aggregated_plans(*, user, agreement: Agreement) -> QuerySet[AggregatedPlan]:
    """The secretariat sees drafts too; every other reader only what was published."""
    qs = AggregatedPlan.objects.filter(agreement=agreement).select_related("year")
    return qs if is_secretariat(user) else qs.filter(status=AggregatedPlan.Status.PUBLISHED)


def aggregated_plan_for(*, agreement: Agreement, year: AgreementYear | int) -> dict[str, Any] | None:
    """The published aggregated plan of a year for other apps (the reports): its content as stored
    (see `aggregate.AggregatedView.to_json`) with `year`, `intro` and `published_at`; None when the
    year has none published."""
    number = year if isinstance(year, int) else year.number
    published = AggregatedPlan.objects.filter(
        agreement=agreement, year__number=number, status=AggregatedPlan.Status.PUBLISHED
    ).first()
    if published is None:
        return None
    return {
        **published.content,
        "year": number,
        "intro": published.intro,
        "published_at": published.published_at.isoformat() if published.published_at else None,
    }
