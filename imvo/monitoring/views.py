"""Pages of the monitoring tool: rounds, answering, submitting, results, improvement and insight."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.audit.services import record_access
from imvo.core.jobs import job_start
from imvo.core.views_helpers import apply_errors, current_agreement, require_perm
from imvo.monitoring import selectors, services
from imvo.monitoring.forms import (
    AnswerForm,
    CmrtForm,
    EvidenceForm,
    FollowUpForm,
    ImproveForm,
    RoundOpenForm,
    ScopeForm,
)
from imvo.monitoring.framework import Framework, Indicator, load_framework
from imvo.monitoring.models import Answer, Assessment
from imvo.monitoring.presenters import dom_id, indicator_level_now, result_view, step_label

ROUND_SORTS = ("name", "status", "score", "verdict")


@login_required
def rounds(request):
    """The rounds of the agreement and, per person, what they can do in them."""
    require_perm(request, "monitoring.view_rounds")
    agreement = current_agreement(request)
    can_open = request.user.has_perm("monitoring.open_round")
    form = RoundOpenForm(agreement=agreement) if can_open else None
    if can_open and request.method == "POST":
        form = RoundOpenForm(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                rnd = services.round_open(
                    agreement=agreement,
                    year_number=form.cleaned_data["year"],
                    due_date=form.cleaned_data["due_date"],
                    actor=request.user,
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("The round is open: %(n)s companies have their assessment.")
                    % {"n": rnd.assessments.count()},
                )
                return redirect("monitoring:round", pk=rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied
    own = selectors.assessment_list(fetched_by=request.user).filter(round__agreement=agreement)
    if request.user.has_perm("monitoring.view_round_table"):
        own = own.none()
    return render(
        request,
        "monitoring/rounds.html",
        {
            "agreement": agreement,
            "rounds": selectors.round_list(agreement=agreement),
            "form": form,
            "own": own,
            "can_see_tables": request.user.has_perm("monitoring.view_round_table"),
            "has_insight": request.user.has_perm("monitoring.view_insight", agreement),
        },
    )


def _round_or_404(pk: int):
    rnd = selectors.round_get(pk=pk)
    if rnd is None:
        raise Http404
    return rnd


@login_required
def round_detail(request, pk: int):
    """Every company of a round: status, score, verdict and whether the follow-up took place."""
    rnd = _round_or_404(pk)
    require_perm(request, "monitoring.view_round_table")
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in ROUND_SORTS:
        sort = "name"
    rows = selectors.round_table(round=rnd, fetched_by=request.user, sort=sort)
    record_access(
        actor=request.user,
        objects=[r.submission for r in rows if r.submission],
        what="round results table",
        owner_org_id=lambda s: s.assessment.organization_id,
    )
    context = {"round": rnd, "rows": rows, "sort": sort, "query": request.GET.copy()}
    template = "monitoring/_round_table.html" if request.htmx else "monitoring/round.html"
    return render(request, template, context)


@login_required
@require_POST
def round_export(request, pk: int):
    rnd = _round_or_404(pk)
    require_perm(request, "monitoring.view_round_table")
    job = job_start(kind="round_export", user=request.user, params={"round": rnd.pk})
    return redirect("core:job", pk=job.pk)


@login_required
def round_aggregate(request, pk: int):
    """The distribution per step without names, as the sector reports use it."""
    rnd = _round_or_404(pk)
    require_perm(request, "monitoring.view_aggregate")
    if rnd.agreement_id != current_agreement(request).pk and not request.user.has_perm(
        "monitoring.view_round_table"
    ):
        raise Http404
    aggregate = selectors.round_aggregate(round=rnd)
    framework = load_framework(rnd.framework_version)
    bands = [f"{lo}–{min(hi, 100)} %" for lo, hi in selectors.BANDS]
    return render(
        request,
        "monitoring/aggregate.html",
        {
            "round": rnd,
            "aggregate": aggregate,
            "rows": [
                (step_label(framework, d.key), list(zip(bands, d.bands, strict=True)), d)
                for d in aggregate.steps
            ],
            "bands": bands,
            "minimum": rnd.agreement.min_companies_per_cell,
        },
    )


def _assessment(request, pk: int, perm: str = "monitoring.view_assessment") -> Assessment:
    """The assessment if the person may see it (404 otherwise), and the permission `perm` on it."""
    assessment = selectors.assessment_get(pk=pk, fetched_by=request.user)
    if assessment is None:
        raise Http404
    require_perm(request, perm, assessment)
    if perm == "monitoring.view_assessment":
        record_access(actor=request.user, objects=[assessment], what="self-assessment")
    return assessment


@login_required
def assessment_detail(request, pk: int):
    """The overview: scope, sections with how far each is, CMRT import, submit."""
    assessment = _assessment(request, pk)
    framework = load_framework(assessment.round.framework_version)
    can_edit = request.user.has_perm("monitoring.change_assessment", assessment)
    scope_form = ScopeForm(
        request.POST or None,
        initial={"minerals_in_scope": "yes" if assessment.minerals_in_scope else "no"},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if scope_form.is_valid():
            try:
                services.assessment_set_scope(
                    assessment=assessment,
                    minerals_in_scope=scope_form.cleaned_data["minerals_in_scope"],
                    actor=request.user,
                )
            except ValidationError as e:
                apply_errors(scope_form, e)
            else:
                messages.success(request, _("Saved."))
                return redirect("monitoring:assessment", pk=pk)
    answers = selectors.answers_by_indicator(assessment)
    sections = []
    for s in framework.sections_for(minerals_in_scope=assessment.minerals_in_scope):
        done = sum(1 for i in s.indicators if selectors.is_answered(answers.get(i.code)))
        sections.append({"section": s, "done": done, "total": len(s.indicators)})
    return render(
        request,
        "monitoring/assessment.html",
        {
            "assessment": assessment,
            "framework": framework,
            "sections": sections,
            "progress": selectors.assessment_progress(assessment, framework, answers),
            "can_edit": can_edit and assessment.is_editable,
            "scope_form": scope_form if can_edit and assessment.status == Assessment.Status.DRAFT else None,
            "cmrt_form": CmrtForm()
            if can_edit and assessment.is_editable and assessment.minerals_in_scope
            else None,
            "latest": selectors.latest_submission(assessment),
            "locations_list": _submitted_location_list(assessment)
            if can_edit and assessment.is_editable
            else None,
        },
    )


def _submitted_location_list(assessment: Assessment):
    from imvo.supply_chain.selectors import latest_submitted

    return latest_submitted(organization=assessment.organization, year=assessment.round.year)


def _section_or_404(framework: Framework, assessment: Assessment, code: str):
    for s in framework.sections_for(minerals_in_scope=assessment.minerals_in_scope):
        if s.code == code:
            return s
    raise Http404


@login_required
def assessment_section(request, pk: int, section: str):
    """One step's questions; each indicator saves on its own as the person goes."""
    assessment = _assessment(request, pk)
    return render(request, "monitoring/section.html", _section_context(request, assessment, section))


def _section_context(request, assessment: Assessment, section: str, replaced: dict | None = None) -> dict:
    """`replaced`: one indicator shown as the person left it (errors, a colleague's newer save)."""
    framework = load_framework(assessment.round.framework_version)
    current = _section_or_404(framework, assessment, section)
    answers = selectors.answers_by_indicator(assessment)
    can_edit = request.user.has_perm("monitoring.change_assessment", assessment)
    sections = framework.sections_for(minerals_in_scope=assessment.minerals_in_scope)
    codes = [s.code for s in sections]
    index = codes.index(current.code)
    items = [
        replaced
        if replaced and replaced["indicator"].code == i.code
        else _indicator_context(assessment, i, answers.get(i.code), can_edit=can_edit)
        for i in current.indicators
    ]
    return {
        "assessment": assessment,
        "section": current,
        "items": items,
        "previous": sections[index - 1] if index else None,
        "next": sections[index + 1] if index + 1 < len(codes) else None,
        "sections": sections,
    }


def _indicator_context(
    assessment: Assessment,
    indicator: Indicator,
    answer: Answer | None,
    *,
    can_edit: bool,
    form: AnswerForm | None = None,
    conflict: Answer | None = None,
    saved: bool = False,
    evidence_form: EvidenceForm | None = None,
) -> dict:
    dom = dom_id(indicator.code)
    if form is None:
        initial: dict[str, object] = {"revision": answer.revision if answer else 0}
        if answer:
            initial |= {f"req_{c}": v for c, v in (answer.met or {}).items()}
            initial |= {"explanation": answer.explanation, "not_applicable": answer.not_applicable}
        form = AnswerForm(initial=initial, indicator=indicator, prefix=dom)
    evidence = list(answer.evidence.all()) if answer else []
    met = (answer.met or {}) if answer else {}
    return {
        "assessment": assessment,
        "indicator": indicator,
        "dom": dom,
        "level": indicator_level_now(assessment, indicator, answer, evidence),
        "answer": answer,
        "form": form,
        "requirement_fields": [(r, form[f"req_{r.code}"]) for r in indicator.requirements],
        "met": met,
        "evidence": evidence,
        "evidenced": {e.requirement for e in evidence},
        "editable": can_edit and assessment.may_edit(indicator.code),
        "conflict": conflict,
        "saved": saved,
        "evidence_form": evidence_form or EvidenceForm(indicator=indicator, prefix=f"ev-{dom}"),
    }


def _indicator_or_404(assessment: Assessment, code: str) -> Indicator:
    try:
        return load_framework(assessment.round.framework_version).indicator(code)
    except KeyError as e:
        raise Http404 from e


@login_required
@require_POST
def answer_save(request, pk: int, indicator: str):
    """Save one indicator. A colleague's newer save is shown next to what this person typed, which
    stays in the form; saving again then replaces the colleague's version knowingly."""
    assessment = _assessment(request, pk, "monitoring.change_assessment")
    ind = _indicator_or_404(assessment, indicator)
    form = AnswerForm(request.POST, indicator=ind, prefix=dom_id(ind.code))
    conflict = None
    saved = False
    answer = assessment.answers.filter(indicator=ind.code).first()
    if form.is_valid():
        try:
            answer = services.answer_save(
                assessment=assessment,
                indicator=ind.code,
                met=form.met(),
                not_applicable=form.cleaned_data.get("not_applicable", False),
                explanation=form.cleaned_data["explanation"],
                base_revision=form.cleaned_data["revision"],
                actor=request.user,
            )
        except services.ConflictError as e:
            conflict = e.current
            data = request.POST.copy()
            data[form.add_prefix("revision")] = str(conflict.revision)
            form = AnswerForm(data, indicator=ind, prefix=dom_id(ind.code))
            form.is_valid()
        except ValidationError as e:
            apply_errors(form, e)
        else:
            saved = True
    if not request.htmx and saved:
        return redirect(reverse("monitoring:section", args=[pk, ind.section]) + f"#ind-{ind.code}")
    context = _indicator_context(
        assessment, ind, answer, can_edit=True, form=None if saved else form, conflict=conflict, saved=saved
    )
    if request.htmx:
        return render(request, "monitoring/_answer_status.html", {"item": context})
    if not assessment.may_edit(ind.code):
        messages.error(request, _("This answer can no longer be changed."))
        return redirect(reverse("monitoring:section", args=[pk, ind.section]) + f"#ind-{ind.code}")
    return _section_page_with(request, assessment, ind, context)


def _section_page_with(request, assessment: Assessment, ind: Indicator, replaced: dict) -> HttpResponse:
    context = _section_context(request, assessment, ind.section, replaced)
    return render(
        request, "monitoring/section.html", context, status=409 if replaced.get("conflict") else 400
    )


@login_required
@require_POST
def evidence_add(request, pk: int, indicator: str):
    assessment = _assessment(request, pk, "monitoring.change_assessment")
    ind = _indicator_or_404(assessment, indicator)
    form = EvidenceForm(request.POST, request.FILES, indicator=ind, prefix=f"ev-{dom_id(ind.code)}")
    added = False
    if form.is_valid():
        try:
            services.evidence_add(
                assessment=assessment,
                indicator=ind.code,
                requirement=form.cleaned_data["requirement"],
                file=form.cleaned_data.get("file"),
                link=form.cleaned_data.get("link") or "",
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            added = True
            if not request.htmx:
                messages.success(request, _("The evidence has been added."))
                return redirect(reverse("monitoring:section", args=[pk, ind.section]) + f"#ind-{ind.code}")
    answer = assessment.answers.filter(indicator=ind.code).first()
    context = _indicator_context(
        assessment, ind, answer, can_edit=True, evidence_form=None if added else form
    )
    context["evidence_saved"] = added
    if request.htmx:
        return render(request, "monitoring/_evidence.html", {"item": context})
    return _section_page_with(request, assessment, ind, context)


@login_required
def evidence_download(request, pk: int):
    """The file exactly as uploaded; a read by anyone but the company is logged."""
    evidence = selectors.evidence_get(pk=pk, fetched_by=request.user)
    if evidence is None or not evidence.file:
        raise Http404
    assessment = evidence.answer.assessment
    require_perm(request, "monitoring.view_assessment", assessment)
    record_access(
        actor=request.user,
        objects=[evidence],
        what="self-assessment evidence",
        owner_org_id=assessment.organization_id,
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or f"evidence-{evidence.pk}",
    )


@login_required
def assessment_submit(request, pk: int):
    """Check what is missing, then freeze the answers; the result follows at once."""
    assessment = _assessment(request, pk, "monitoring.change_assessment")
    if not assessment.is_editable:
        return redirect("monitoring:result", pk=pk)
    framework = load_framework(assessment.round.framework_version)
    answers = selectors.answers_by_indicator(assessment)
    unanswered = [
        i
        for s in framework.sections_for(minerals_in_scope=assessment.minerals_in_scope)
        for i in s.indicators
        if assessment.may_edit(i.code) and not selectors.is_answered(answers.get(i.code))
    ]
    if request.method == "POST":
        try:
            services.assessment_submit(assessment=assessment, actor=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Submitted. Your result is below."))
            return redirect("monitoring:result", pk=pk)
    return render(
        request,
        "monitoring/submit.html",
        {
            "assessment": assessment,
            "unanswered": unanswered,
            "preview": result_view(
                assessment=assessment, result=services.assessment_result(assessment), framework=framework
            ),
        },
    )


def _submission(request, assessment: Assessment):
    subs = list(assessment.submissions.order_by("number"))
    if not subs:
        return None, subs
    number = request.GET.get("submission")
    chosen = next((s for s in subs if str(s.number) == number), subs[-1])
    return chosen, subs


@login_required
def result(request, pk: int):
    """Score per step and overall, the verdict with its reasons, ranked advice and modules."""
    assessment = _assessment(request, pk)
    submission, subs = _submission(request, assessment)
    if submission is None:
        return redirect("monitoring:assessment", pk=pk)
    framework = load_framework(submission.framework_version)
    history = selectors.company_history(
        organization=assessment.organization, agreement=assessment.round.agreement
    )
    can_edit = request.user.has_perm("monitoring.change_assessment", assessment)
    return render(
        request,
        "monitoring/result.html",
        {
            "assessment": assessment,
            "submission": submission,
            "submissions": subs,
            "view": result_view(assessment=assessment, submission=submission, framework=framework),
            "history": history,
            "can_improve": can_edit and bool(selectors.improvable_items(assessment)),
            "can_edit": can_edit,
            "can_follow_up": request.user.has_perm("monitoring.record_follow_up")
            and submission.verdict in ("orange", "red"),
            "conversations": selectors.conversation_list(assessment)
            if request.user.has_perm("monitoring.record_follow_up") or can_edit
            else [],
        },
    )


@login_required
def result_pdf(request, pk: int):
    from imvo.monitoring.pdf import result_pdf as render_pdf
    from imvo.monitoring.pdf import result_pdf_filename

    assessment = _assessment(request, pk)
    submission, _subs = _submission(request, assessment)
    if submission is None:
        raise Http404
    content = render_pdf(submission, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{result_pdf_filename(submission)}"'
    return response


@login_required
def improve(request, pk: int):
    """Within three months of an orange or red result, reopen just the insufficient items."""
    assessment = _assessment(request, pk, "monitoring.change_assessment")
    latest = selectors.latest_submission(assessment)
    if latest is None:
        raise Http404
    framework = load_framework(latest.framework_version)
    choices = [
        (c, f"{framework.indicator(c).oecd} – {framework.indicator(c).question}")
        for c in services.insufficient_items(latest)
    ]
    form = ImproveForm(
        request.POST or None, choices=choices, initial={"indicators": [c for c, _l in choices]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_reopen(
                assessment=assessment, indicators=form.cleaned_data["indicators"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("The chosen items are open again. Improve them and submit again."))
            return redirect("monitoring:assessment", pk=pk)
    return render(
        request, "monitoring/improve.html", {"assessment": assessment, "form": form, "latest": latest}
    )


@login_required
def follow_up(request, pk: int):
    """The secretariat records its conversation with an orange or red company (art. 10)."""
    assessment = _assessment(request, pk, "monitoring.record_follow_up")
    form = FollowUpForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(assessment=assessment, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("The conversation has been recorded."))
            return redirect("monitoring:result", pk=pk)
    return render(
        request,
        "monitoring/follow_up.html",
        {"assessment": assessment, "form": form, "conversations": selectors.conversation_list(assessment)},
    )


@login_required
@require_POST
def locations_prefill(request, pk: int):
    """Pre-fill the chain-transparency indicators from the submitted production-location list."""
    assessment = _assessment(request, pk, "monitoring.change_assessment")
    try:
        filled = services.locations_prefill(assessment=assessment, actor=request.user)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(
            request, _("%(n)s answers pre-filled from your production-location list.") % {"n": len(filled)}
        )
    return redirect("monitoring:assessment", pk=pk)


@login_required
@require_POST
def cmrt_import(request, pk: int):
    """Pre-fill the minerals section from the CMRT or EMRT the company already fills in."""
    assessment = _assessment(request, pk, "monitoring.change_assessment")
    form = CmrtForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = services.cmrt_import(
                assessment=assessment, file=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as e:
            for m in e.messages:
                messages.error(request, m)
        else:
            messages.success(
                request,
                _("%(template)s %(revision)s read: %(n)s answers pre-filled and %(s)s smelters found.")
                % {
                    "template": report.template,
                    "revision": report.revision,
                    "n": len(report.prefilled),
                    "s": len(report.smelters),
                },
            )
            for w in report.warnings[:10]:
                messages.warning(request, w)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("monitoring:assessment", pk=pk)


@login_required
def progress(request, organization: int):
    """The company's scores across rounds side by side, per step."""
    from imvo.organizations.models import Organization

    org = Organization.objects.filter(pk=organization).first()
    if org is None:
        raise Http404
    require_perm(request, "monitoring.view_progress", org)
    agreement = current_agreement(request)
    history = selectors.company_history(organization=org, agreement=agreement)
    record_access(
        actor=request.user,
        objects=[h.submission for h in history],
        what="monitoring progress",
        owner_org_id=org.pk,
    )
    framework = load_framework(agreement.framework_version)
    from imvo.monitoring.presenters import progress_chart

    chart = progress_chart(history, framework)
    return render(
        request,
        "monitoring/progress.html",
        {"organization": org, "history": history, "rows": chart.pop("rows"), "chart_data": chart},
    )


@login_required
def insight_list(request):
    """Art. 13: the companies whose risk and plan-of-approach results an NGO or union may see."""
    agreement = current_agreement(request)
    require_perm(request, "monitoring.view_insight", agreement)
    return render(
        request,
        "monitoring/insight_list.html",
        {"assessments": selectors.insight_list(fetched_by=request.user, agreement=agreement)},
    )


@login_required
def insight(request, pk: int):
    """Only the score and advice of the parts on risks and the plan of approach; every view logged."""
    agreement = current_agreement(request)
    require_perm(request, "monitoring.view_insight", agreement)
    assessment = selectors.insight_list(fetched_by=request.user, agreement=agreement).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    submission = selectors.latest_submission(assessment)
    assert submission is not None
    record_access(
        actor=request.user,
        objects=[submission],
        what="NGO insight (art. 13)",
        owner_org_id=assessment.organization_id,
    )
    framework = load_framework(submission.framework_version)
    view = result_view(assessment=assessment, submission=submission, framework=framework, insight_only=True)
    return render(
        request, "monitoring/insight.html", {"assessment": assessment, "submission": submission, "view": view}
    )
