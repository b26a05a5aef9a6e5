"""Pages of the risk analysis: a company's register with suggestions and its public statement, the
secretariat's overview, the sector's risks and the collective risks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
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
from imvo.risks import exports, presenters, references, selectors, services
from imvo.risks.forms import AddressForm, CollectiveRiskForm, RegisterForm, RiskForm, SuggestionsForm
from imvo.risks.models import CollectiveRisk, Risk, RiskRegister, SectorReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register_or_404(request, pk: int, perm: str = "risks.view_register") -> RiskRegister:
    """Another company's register is not there for them (404); the secretariat may read, not change."""
    register = selectors.register_get(pk=pk)
    if register is None or not request.user.has_perm("risks.view_register", register):
        raise Http404
    require_perm(request, perm, register)
    return register


def _risk_or_404(request, pk: int) -> Risk:
    risk = selectors.risk_get(pk=pk)
    if risk is None:
        raise Http404
    _register_or_404(request, risk.register_id, "risks.change_register")
    return risk


def _audit(request, register: RiskRegister, what: str) -> None:
    record_access(actor=request.user, objects=[register], what=what)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def index(request):
    require_perm(request, "risks.view_index")
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    context: dict = {"agreement": agreement, "year": year}
    if request.user.has_perm("risks.keep_register"):
        org = request.user.organization
        context["register"] = selectors.register_for(organization=org, year=year)
        context["previous"] = selectors.previous_register(organization=org, year=year)
        context["history"] = selectors.registers_visible_to(user=request.user, agreement=agreement)
    if request.user.has_perm("risks.build_sector"):
        context["overview"] = presenters.secretariat_overview(agreement=agreement, year=year)
        registers = [row["register"] for row in context["overview"] if row["register"]]
        record_access(actor=request.user, objects=registers, what="risk registers (overview)")
    return render(request, "risks/index.html", context)


@login_required
@require_POST
def register_start(request):
    require_perm(request, "risks.keep_register")
    year = agreement_year(current_agreement(request))
    register = services.register_start(organization=request.user.organization, year=year, actor=request.user)
    return redirect("risks:register", pk=register.pk)


@login_required
def register_detail(request, pk: int):
    register = _register_or_404(request, pk)
    _audit(request, register, "risk register")
    view = selectors.register_view(register)
    can_change = request.user.has_perm("risks.change_register", register)
    form = RegisterForm(request.POST or None, initial={"priority_count": register.priority_count})
    if can_change:
        done = on_valid(
            request,
            form,
            lambda data: services.register_update(
                register=register, priority_count=data["priority_count"], actor=request.user
            ),
            _("Saved."),
            reverse("risks:register", args=[pk]),
        )
        if done:
            return done
    elif request.method == "POST":
        require_perm(request, "risks.change_register", register)
    context = {
        "view": view,
        "register": register,
        "can_change": can_change,
        "form": form,
        "heat": presenters.heat_grid(view.heat),
        "statement": selectors.statement_latest(register=register),
        "suggestions": sum(not s.in_register for s in selectors.suggestions_for(register))
        if can_change
        else 0,
        "labels": presenters.labels(),
    }
    return page(request, "risks/register.html", context, form)


@login_required
def risk_add(request, pk: int):
    register = _register_or_404(request, pk, "risks.change_register")
    form = RiskForm(request.POST or None, initial={"nature": Risk.Nature.POTENTIAL})
    done = on_valid(
        request,
        form,
        lambda data: services.risk_save(register=register, data=data, actor=request.user),
        _("The risk has been added."),
        reverse("risks:register", args=[pk]),
    )
    return done or page(request, "risks/risk_form.html", {"form": form, "register": register}, form)


@login_required
def risk_edit(request, pk: int):
    risk = _risk_or_404(request, pk)
    register = risk.register
    line = selectors.register_view(register).lines_by_pk()[risk.pk]
    form = RiskForm(request.POST or None, initial=RiskForm.initial_of(risk, line.editable, line.public_draft))
    done = on_valid(
        request,
        form,
        lambda data: services.risk_save(register=register, risk=risk, data=data, actor=request.user),
        _("The risk has been saved."),
        reverse("risks:register", args=[register.pk]) + f"#risk-{risk.pk}",
    )
    if done:
        return done
    context = {
        "form": form,
        "register": register,
        "risk": risk,
        "line": line,
        "history": presenters.history(risk),
        "citations": presenters.citations(risk.floor_citations),
        "links": presenters.links_for(risk.theme),
    }
    return page(request, "risks/risk_form.html", context, form)


@login_required
@require_POST
def risk_confirm(request, pk: int):
    risk = _risk_or_404(request, pk)
    return step(
        request,
        lambda: services.risk_confirm(risk=risk, actor=request.user),
        _("Reassessed: the scores stay as they were."),
        reverse("risks:register", args=[risk.register_id]) + f"#risk-{risk.pk}",
    )


@login_required
def risk_address(request, pk: int):
    risk = _risk_or_404(request, pk)
    form = AddressForm(request.POST or None)
    done = on_valid(
        request,
        form,
        lambda data: services.risk_address(
            risk=risk, addressed=True, note=data["addressed_note"], actor=request.user
        ),
        _("Marked addressed; the next risk moves up."),
        reverse("risks:register", args=[risk.register_id]),
    )
    return done or page(request, "risks/address.html", {"form": form, "risk": risk}, form)


@login_required
@require_POST
def risk_reopen(request, pk: int):
    risk = _risk_or_404(request, pk)
    return step(
        request,
        lambda: services.risk_address(risk=risk, addressed=False, note="", actor=request.user),
        _("The risk is open again."),
        reverse("risks:register", args=[risk.register_id]) + f"#risk-{risk.pk}",
    )


@login_required
@require_POST
def risk_delete(request, pk: int):
    risk = _risk_or_404(request, pk)
    return step(
        request,
        lambda: services.risk_delete(risk=risk, actor=request.user),
        _("The risk has been removed from this year's register."),
        reverse("risks:register", args=[risk.register_id]),
    )


@login_required
def suggestions(request, pk: int):
    register = _register_or_404(request, pk, "risks.change_register")
    lines = selectors.suggestions_for(register)
    form = SuggestionsForm(request.POST or None, keys=[line.suggestion.key for line in lines])
    done = on_valid(
        request,
        form,
        lambda data: services.risk_add_suggestions(register=register, keys=data["keys"], actor=request.user),
        _("The suggested risks are in the register. Score their severity and explain them."),
        reverse("risks:register", args=[pk]),
    )
    if done:
        return done
    context = {
        "register": register,
        "form": form,
        "rows": presenters.suggestion_rows(lines),
        "has_locations": bool(
            selectors.location_facts(organization=register.organization, year=register.year)
        ),
        "sources": references.sources(),
    }
    return page(request, "risks/suggestions.html", context, form)


@login_required
@require_POST
def statement_publish(request, pk: int):
    register = _register_or_404(request, pk, "risks.change_register")
    return step(
        request,
        lambda: services.statement_publish(register=register, actor=request.user),
        _("The statement has been published."),
        reverse("risks:register", args=[pk]),
    )


@login_required
def register_excel(request, pk: int):
    register = _register_or_404(request, pk)
    _audit(request, register, "risk register (Excel)")
    view = selectors.register_view(register)
    name = f"{_('risk-register')}-{register.year.number}.xlsx"
    return _download(exports.register_workbook(view), XLSX, name)


@login_required
def register_pdf(request, pk: int):
    register = _register_or_404(request, pk)
    _audit(request, register, "risk register (PDF)")
    view = selectors.register_view(register)
    from imvo.risks import pdf  # WeasyPrint loads only when a PDF is asked for

    return _download(
        pdf.register_pdf(view), "application/pdf", f"{_('risk-register')}-{register.year.number}.pdf"
    )


# --- public statements ------------------------------------------------------------------------


def statements(request):
    """Public: every company's latest published statement (art. 27)."""
    agreement = current_agreement(request)
    return render(
        request, "risks/statements.html", {"statements": selectors.statements_public(agreement=agreement)}
    )


def _statement_or_404(request, pk: int):
    statement = selectors.statement_get(register_pk=pk, version=query_int(request.GET.get("version", "")))
    if statement is None:
        raise Http404
    return statement


def statement(request, pk: int):
    statement = _statement_or_404(request, pk)
    context = {
        "statement": statement,
        "content": presenters.statement(statement.content),
        "versions": statement.register.statements.order_by("-version").only("version", "register_id"),
        "heat": presenters.heat_grid(exports.content_heat(statement.content)),
        "sources": references.sources(),
    }
    return render(request, "risks/statement.html", context)


def statement_pdf(request, pk: int):
    statement = _statement_or_404(request, pk)
    from imvo.risks import pdf

    content = pdf.statement_pdf(
        statement.content, published_at=statement.published_at, version=statement.version
    )
    return _download(
        content, "application/pdf", f"{_('risk-statement')}-{statement.register_id}-v{statement.version}.pdf"
    )


def statement_excel(request, pk: int):
    statement = _statement_or_404(request, pk)
    return _download(
        exports.statement_workbook(
            statement.content, published_at=statement.published_at, version=statement.version
        ),
        XLSX,
        f"{_('risk-statement')}-{statement.register_id}-v{statement.version}.xlsx",
    )


def sources(request):
    """Public: the reference data behind the suggestions, with their provenance."""
    return render(
        request, "risks/sources.html", {"sources": references.sources(), "links": presenters.links_for("")}
    )


# --- the sector -------------------------------------------------------------------------------


@login_required
def sector(request):
    require_perm(request, "risks.view_sector")
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    reports = selectors.sector_reports(user=request.user, agreement=agreement)
    chosen = query_int(request.GET.get("report", ""))
    report = (reports.filter(pk=chosen).first() if chosen else None) or reports.first()
    may_build = request.user.has_perm("risks.build_sector")
    form = None
    if may_build:
        form = CollectiveRiskForm(request.POST or None, areas=presenters.area_choices())
        done = on_valid(
            request,
            form,
            lambda data: services.collective_risk_choose(
                agreement=agreement, year=year, actor=request.user, **data
            ),
            _("The collective risk has been recorded."),
            reverse("risks:sector"),
        )
        if done:
            return done
    elif request.method == "POST":
        require_perm(request, "risks.build_sector")
    context = {
        "agreement": agreement,
        "year": year,
        "reports": reports,
        "report": report,
        "table": presenters.sector_table(services.sector_report_view(report)) if report else None,
        "collective": presenters.collective(selectors.collective_risks(agreement=agreement)),
        "may_build": may_build,
        "published_this_year": reports.filter(year=year, status=SectorReport.Status.PUBLISHED).exists(),
        "form": form,
        "labels": presenters.labels(),
    }
    return page(request, "risks/sector.html", context, form)


@login_required
@require_POST
def sector_build(request):
    require_perm(request, "risks.build_sector")
    agreement = current_agreement(request)
    year = agreement_year(agreement)
    try:
        report = services.sector_report_build(agreement=agreement, year=year, actor=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("risks:sector")
    messages.success(request, _("A draft has been built. Check it, then publish it to the parties."))
    return redirect(f"{reverse('risks:sector')}?report={report.pk}")


@login_required
@require_POST
def sector_publish(request, pk: int):
    require_perm(request, "risks.build_sector")
    report = get_object_or_404(SectorReport, pk=pk, agreement=current_agreement(request))
    return step(
        request,
        lambda: services.sector_report_publish(report=report, actor=request.user),
        _("The sector report has been published to the parties."),
        f"{reverse('risks:sector')}?report={pk}",
    )


@login_required
def sector_excel(request, pk: int):
    require_perm(request, "risks.view_sector")
    agreement = current_agreement(request)
    report = get_object_or_404(selectors.sector_reports(user=request.user, agreement=agreement), pk=pk)
    content = exports.sector_workbook(services.sector_report_view(report), year_label=str(report.year))
    return _download(content, XLSX, f"{_('sector-risks')}-{report.year.number}.xlsx")


@login_required
@require_POST
def collective_delete(request, pk: int):
    require_perm(request, "risks.build_sector")
    collective = get_object_or_404(CollectiveRisk, pk=pk, agreement=current_agreement(request))
    return step(
        request,
        lambda: services.collective_risk_delete(collective_risk=collective, actor=request.user),
        _("Removed."),
        reverse("risks:sector"),
    )
