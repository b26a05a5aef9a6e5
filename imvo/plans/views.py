"""Pages of the plan of approach: a company's plans per year with their goals or report, the
secretariat's overview and the aggregated plan it builds and publishes for the parties."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.audit.services import record_access
from imvo.core.views_helpers import (
    agreement_year,
    current_agreement,
    on_valid,
    page,
    query_int,
    require_perm,
    step,
)
from imvo.plans import presenters, selectors, services
from imvo.plans.forms import GoalForm, IntroForm, SectionsForm, UploadForm
from imvo.plans.models import AggregatedPlan, Goal, Plan


def _plan_or_404(request, pk: int, perm: str = "plans.view_plan") -> Plan:
    """Another company's plan is not there for them (404); the secretariat may read, not change."""
    plan = selectors.plan_get(pk=pk)
    if plan is None or not request.user.has_perm("plans.view_plan", plan):
        raise Http404
    require_perm(request, perm, plan)
    return plan


def _goal_or_404(request, pk: int) -> Goal:
    goal = (
        Goal.objects.select_related("plan__organization", "plan__year__agreement", "risk")
        .filter(pk=pk)
        .first()
    )
    if goal is None:
        raise Http404
    _plan_or_404(request, goal.plan_id, "plans.change_plan")
    return goal


def _to_plan(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:plan", args=[plan.pk]) + anchor


@login_required
def index(request):
    require_perm(request, "plans.view_index")
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    context: dict = {"agreement": agreement, "year": year}
    if request.user.has_perm("plans.keep_plan"):
        org = request.user.organization
        context["own"] = {
            "draft": selectors.plan_draft(organization=org, year=year),
            "submitted": selectors.plan_submitted(organization=org, year=year),
            "plans": selectors.plans_of(organization=org, agreement=agreement),
        }
    if request.user.has_perm("plans.view_overview"):
        years, rows = selectors.overview(agreement=agreement)
        record_access(
            actor=request.user, objects=selectors.plans_in(rows), what="plans of approach (overview)"
        )
        context["overview"] = {"years": years, "rows": rows}
    if request.user.has_perm("plans.view_aggregated", agreement):
        context["aggregated"] = selectors.aggregated_plans(user=request.user, agreement=agreement)
    return render(request, "plans/index.html", context)


@login_required
@require_POST
def plan_start(request):
    require_perm(request, "plans.keep_plan")
    year = agreement_year(current_agreement(request))
    try:
        plan = services.plan_start(
            organization=request.user.organization,
            year=year,
            kind=request.POST.get("kind", ""),
            actor=request.user,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("plans:index")
    return redirect("plans:plan", pk=plan.pk)


@login_required
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    record_access(actor=request.user, objects=[plan], what="plan of approach")
    view = selectors.plan_view(plan)
    can_change = request.user.has_perm("plans.change_plan", plan)
    context = {
        "plan": plan,
        "view": view,
        "can_change": can_change,
        "editable": can_change and plan.is_editable,
        "goals": presenters.goal_rows(view),
        "missing_risks": [selectors.risk_label(r) for r in view.risks_without_goal],
        "sections": presenters.section_rows(plan),
        "versions": Plan.objects.filter(organization=plan.organization, year=plan.year).order_by("-version"),
        "draft": selectors.plan_draft(organization=plan.organization, year=plan.year)
        if plan.status == Plan.Status.SUBMITTED
        else None,
    }
    return render(request, "plans/plan.html", context)


@login_required
def goal_add(request, pk: int):
    plan = _plan_or_404(request, pk, "plans.change_plan")
    form = GoalForm(request.POST or None, plan=plan, initial={"status": Goal.Status.PLANNED})
    done = on_valid(
        request,
        form,
        lambda data: services.goal_save(plan=plan, data=data, actor=request.user),
        _("The goal has been added."),
        _to_plan(plan),
    )
    return done or page(request, "plans/goal_form.html", {"form": form, "plan": plan}, form)


@login_required
def goal_edit(request, pk: int):
    goal = _goal_or_404(request, pk)
    plan = goal.plan
    form = GoalForm(request.POST or None, plan=plan, goal=goal, initial=GoalForm.initial_of(goal))
    done = on_valid(
        request,
        form,
        lambda data: services.goal_save(plan=plan, goal=goal, data=data, actor=request.user),
        _("The goal has been saved."),
        _to_plan(plan, f"#goal-{goal.pk}"),
    )
    context = {"form": form, "plan": plan, "goal": goal, "source": presenters.source_text(goal)}
    return done or page(request, "plans/goal_form.html", context, form)


@login_required
@require_POST
def goal_delete(request, pk: int):
    goal = _goal_or_404(request, pk)
    return step(
        request,
        lambda: services.goal_delete(goal=goal, actor=request.user),
        _("The goal has been removed."),
        _to_plan(goal.plan),
    )


@login_required
def sections(request, pk: int):
    plan = _plan_or_404(request, pk, "plans.change_plan")
    if plan.kind != Plan.Kind.REPORT:
        raise Http404
    form = SectionsForm(request.POST or None, plan=plan, initial=SectionsForm.initial_of(plan))
    done = on_valid(
        request,
        form,
        lambda data: services.plan_sections_save(
            plan=plan, section_map=form.section_map(), actor=request.user
        ),
        _("The sections have been saved."),
        _to_plan(plan),
    )
    return done or page(request, "plans/sections.html", {"form": form, "plan": plan}, form)


@login_required
def upload(request, pk: int):
    plan = _plan_or_404(request, pk, "plans.change_plan")
    if plan.kind != Plan.Kind.REPORT:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    done = on_valid(
        request,
        form,
        lambda data: services.plan_upload(plan=plan, file=data["file"], actor=request.user),
        _("The report has been uploaded."),
        _to_plan(plan),
    )
    return done or page(request, "plans/upload.html", {"form": form, "plan": plan}, form)


@login_required
@require_POST
def plan_submit(request, pk: int):
    plan = _plan_or_404(request, pk, "plans.change_plan")
    return step(
        request,
        lambda: services.plan_submit(plan=plan, actor=request.user),
        _("The plan has been submitted to the secretariat."),
        _to_plan(plan),
    )


@login_required
@require_POST
def plan_new_version(request, pk: int):
    plan = _plan_or_404(request, pk, "plans.change_plan")
    try:
        draft = services.plan_new_version(plan=plan, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("plans:plan", pk=plan.pk)
    messages.success(request, _("A new version has been started from the submitted plan."))
    return redirect("plans:plan", pk=draft.pk)


@login_required
def plan_file(request, pk: int):
    plan = _plan_or_404(request, pk)
    if not plan.file:
        raise Http404
    record_access(actor=request.user, objects=[plan], what="plan of approach (report file)")
    name = plan.original_name or Path(plan.file.name or "report").name
    return FileResponse(plan.file.open("rb"), as_attachment=True, filename=name)


# --- the aggregated plan ---------------------------------------------------------------------------


@login_required
def aggregated(request):
    agreement = current_agreement(request)
    require_perm(request, "plans.view_aggregated", agreement)
    year = agreement_year(agreement)
    plans = selectors.aggregated_plans(user=request.user, agreement=agreement)
    chosen = query_int(request.GET.get("plan", ""))
    shown = (plans.filter(pk=chosen).first() if chosen else None) or plans.first()
    may_build = request.user.has_perm("plans.build_aggregated")
    context = {
        "agreement": agreement,
        "year": year,
        "plans": plans,
        "shown": shown,
        "table": presenters.aggregated(shown.content, agreement=agreement) if shown else None,
        "may_build": may_build,
        "published_this_year": plans.filter(year=year, status=AggregatedPlan.Status.PUBLISHED).exists(),
    }
    return render(request, "plans/aggregated.html", context)


@login_required
@require_POST
def aggregated_build(request):
    require_perm(request, "plans.build_aggregated")
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    try:
        built = services.aggregated_build(agreement=agreement, year=year, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("plans:aggregated")
    messages.success(request, _("A draft has been built. Check it, write the introduction, then publish it."))
    return redirect(f"{reverse('plans:aggregated')}?plan={built.pk}")


@login_required
def aggregated_intro(request, pk: int):
    require_perm(request, "plans.build_aggregated")
    plan = get_object_or_404(AggregatedPlan, pk=pk, agreement=current_agreement(request))
    form = IntroForm(request.POST or None, initial={"intro": plan.intro})
    done = on_valid(
        request,
        form,
        lambda data: services.aggregated_intro_save(aggregated=plan, intro=data["intro"], actor=request.user),
        _("The introduction has been saved."),
        f"{reverse('plans:aggregated')}?plan={pk}",
    )
    return done or page(request, "plans/intro.html", {"form": form, "shown": plan}, form)


@login_required
@require_POST
def aggregated_publish(request, pk: int):
    require_perm(request, "plans.build_aggregated")
    plan = get_object_or_404(AggregatedPlan, pk=pk, agreement=current_agreement(request))
    return step(
        request,
        lambda: services.aggregated_publish(aggregated=plan, actor=request.user),
        _("The aggregated plan has been published to the parties."),
        f"{reverse('plans:aggregated')}?plan={pk}",
    )
