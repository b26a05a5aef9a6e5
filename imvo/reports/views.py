"""The agreement's reports (public once published), the secretariat's composing and editing, the
companies' public reports, recruitment, and the public part of the site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.core.i18n import pick
from imvo.core.views_helpers import (
    agreement_year,
    apply_errors,
    current_agreement,
    on_valid,
    page,
    require_perm,
    step,
)
from imvo.organizations.models import Organization
from imvo.organizations.selectors import companies_taking_part, participant_list
from imvo.reports import presenters, selectors, services
from imvo.reports.compose import kinds_for
from imvo.reports.forms import CompanyReportForm, ComposeForm, TargetForm, TextsForm
from imvo.reports.models import AgreementReport


def _compose_choices(agreement) -> list[tuple[str, str]]:
    return [
        (f"{year.number}:{kind['code']}", f"{year} – {pick(kind['name_nl'], kind['name_en'])}")
        for year in agreement.years.order_by("number")
        for kind in kinds_for(agreement, year)
    ]


def index(request):
    agreement = current_agreement(request)
    manage = request.user.has_perm("reports.manage")
    form = ComposeForm(request.POST or None, choices=_compose_choices(agreement)) if manage else None
    if request.method == "POST":
        require_perm(request, "reports.manage")
        assert form is not None
        if form.is_valid():
            number, kind = form.cleaned_data["choice"].split(":")
            try:
                report = services.report_compose(
                    agreement=agreement,
                    year=agreement.years.get(number=int(number)),
                    kind=kind,
                    actor=request.user,
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("The report has been composed."))
                return redirect("reports:detail", report.pk)
    reports = selectors.reports_visible_to(user=request.user, agreement=agreement)
    return page(
        request, "reports/index.html", {"agreement": agreement, "reports": reports, "form": form}, form
    )


def _report(request, pk: int) -> AgreementReport:
    report = (
        selectors.reports_visible_to(user=request.user, agreement=current_agreement(request))
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def detail(request, pk: int):
    report = _report(request, pk)
    sections = presenters.report_view(report)
    form = None
    if request.user.has_perm("reports.manage") and report.status == AgreementReport.Status.DRAFT:
        initial = {"title": report.title, **report.texts}
        form = TextsForm(request.POST or None, initial=initial, sections=[s.key for s in sections])
        done = on_valid(
            request,
            form,
            lambda d: services.report_write(
                report=report,
                title=d["title"],
                texts={k: v for k, v in d.items() if k != "title"},
                actor=request.user,
            ),
            _("The texts have been saved."),
            reverse("reports:detail", args=[report.pk]),
        )
        if done:
            return done
    elif request.method == "POST":
        require_perm(request, "reports.manage")
        raise Http404
    context = {"report": report, "sections": sections, "form": form, "agreement": report.agreement}
    return page(request, "reports/report.html", context, form)


def report_pdf(request, pk: int):
    from imvo.reports.pdf import report_pdf as render_pdf

    report = _report(request, pk)
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_("report")}-{report.year.number}-{report.kind}-v{report.version}.pdf"'
    )
    return response


@login_required
@require_POST
def publish(request, pk: int):
    require_perm(request, "reports.manage")
    report = get_object_or_404(AgreementReport, pk=pk, agreement=current_agreement(request))
    return step(
        request,
        lambda: services.report_publish(report=report, actor=request.user),
        _("The report has been published."),
        reverse("reports:detail", args=[report.pk]),
    )


@login_required
def company_reporting(request):
    """The secretariat's overview of the companies' public reports; a company's own row and form."""
    require_perm(request, "reports.view_company_reporting")
    agreement = current_agreement(request)
    years = list(agreement.years.order_by("number"))
    if request.user.has_perm("reports.manage"):
        companies = list(companies_taking_part(agreement=agreement).order_by("name"))
        organization = None
    else:
        organization = request.user.organization
        companies = [organization]
    form = None
    if organization is not None and request.user.has_perm("reports.record_company_report", organization):
        form = CompanyReportForm(
            request.POST or None, years=years, initial={"year": agreement_year(agreement).number}
        )
        done = on_valid(
            request,
            form,
            lambda d: services.company_report_record(
                organization=organization,
                year=next(y for y in years if y.number == d["year"]),
                url=d["url"],
                published_on=d["published_on"],
                actor=request.user,
            ),
            _("The report has been recorded."),
            reverse("reports:company_reporting"),
        )
        if done:
            return done
    elif request.method == "POST":
        raise Http404
    context = {
        "years": years,
        "rows": selectors.reporting_table(agreement=agreement, companies=companies),
        "form": form,
        "organization": organization,
    }
    return page(request, "reports/company_reporting.html", context, form)


@login_required
def recruitment(request):
    require_perm(request, "reports.view_recruitment")
    agreement = current_agreement(request)
    years = list(agreement.years.order_by("number"))
    form = None
    if request.user.has_perm("reports.manage"):
        form = TargetForm(
            request.POST or None, years=years, initial={"year": agreement_year(agreement).number}
        )
        done = on_valid(
            request,
            form,
            lambda d: services.recruitment_target_set(
                year=next(y for y in years if y.number == d["year"]),
                parties=d["parties"],
                supporters=d["supporters"],
                plan=d["plan"],
                actor=request.user,
            ),
            _("The target has been saved."),
            reverse("reports:recruitment"),
        )
        if done:
            return done
    elif request.method == "POST":
        require_perm(request, "reports.manage")
    series = selectors.recruitment_series(agreement=agreement)
    from imvo.reports.charts import recruitment_svg
    from imvo.reports.models import RecruitmentTarget

    context = {
        "series": series,
        "svg": recruitment_svg(series["points"], series["targets"]),
        "targets": RecruitmentTarget.objects.filter(year__agreement=agreement).select_related("year"),
        "form": form,
    }
    return page(request, "reports/recruitment.html", context, form)


# --- the public part ----------------------------------------------------------------------------


def about(request):
    agreement = current_agreement(request)
    from imvo.reports.compose import participation

    context = {
        "agreement": agreement,
        "numbers": participation(agreement, agreement_year(agreement)),
        "reports": selectors.published_reports(agreement=agreement)[:5],
    }
    return render(request, "reports/about.html", context)


def participants(request):
    agreement = current_agreement(request)
    rows = participant_list(agreement=agreement)
    reports = {}
    for r in selectors.company_reports_public(agreement=agreement):
        reports.setdefault(r.organization_id, []).append(r)
    kinds = dict(Organization.Kind.choices)
    return render(
        request,
        "reports/participants.html",
        {"agreement": agreement, "rows": rows, "reports": reports, "kinds": kinds},
    )


def public_map(request):
    agreement = current_agreement(request)
    from imvo.reports.compose import locations

    data = locations(agreement, agreement_year(agreement))
    rows = presenters._locations(data)[1]["rows"] if data else []
    return render(request, "reports/map.html", {"agreement": agreement, "data": data, "rows": rows})
