from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.accounts.roles import Role, roles_of
from imvo.agreements import selectors, services
from imvo.agreements.forms import CalendarFilterForm, CompanyObligationForm, DueDateForm, FeeForm, YearForm
from imvo.agreements.models import AgreementYear, Obligation, SizeClass
from imvo.audit.services import record_access
from imvo.core.jobs import job_start
from imvo.core.views_helpers import apply_errors, current_agreement, require_perm
from imvo.organizations.models import Organization


@login_required
def calendar(request):
    """What is due, late and done: one's own company, or every company for the secretariat."""
    require_perm(request, "agreements.view_agreement")
    agreement = current_agreement(request)
    roles = roles_of(request.user)
    if not roles & {Role.SECRETARIAT, Role.COMPANY_MEMBER}:
        return render(
            request,
            "agreements/calendar_aggregate.html",
            {
                "agreement": agreement,
                "progress": selectors.obligation_progress(agreement=agreement),
            },
        )
    context = calendar_context(request, agreement, is_secretariat=Role.SECRETARIAT in roles)
    template = "agreements/_calendar_table.html" if request.htmx else "agreements/calendar.html"
    return render(request, template, context)


def calendar_context(request, agreement, *, is_secretariat: bool) -> dict:
    """The filter form, the rows the person may see, and their counts; the current year by default."""
    current = agreement.current_year()
    data = request.GET if request.GET else {"year": current.number if current else "", "sort": "due"}
    form = CalendarFilterForm(data, agreement=agreement, companies=_companies() if is_secretariat else None)
    filters = selectors.CalendarFilter()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.CalendarFilter(
            year=d.get("year"),
            kind=d.get("kind") or "",
            state=d.get("state") or "",
            organization=d.get("organization"),
            sort=d.get("sort") or "due",
        )
    rows = selectors.company_obligation_list(agreement=agreement, fetched_by=request.user, filters=filters)
    if is_secretariat:
        record_access(
            actor=request.user, objects=selectors.organizations_of(rows), what="obligations calendar"
        )
    query = request.GET.copy() if request.GET else QueryDict(mutable=True)
    if not request.GET:
        query.update(data)
    return {
        "agreement": agreement,
        "form": form,
        "rows": rows,
        "filters": filters,
        "counts": selectors.state_counts(rows),
        "is_secretariat": is_secretariat,
        "query": query,
    }


def _companies():
    return Organization.objects.filter(kind=Organization.Kind.COMPANY, obligations__isnull=False).distinct()


@login_required
@require_POST
def calendar_export(request):
    """Start the Excel export of what the person may see of the calendar, with the filters shown."""
    require_perm(request, "agreements.view_agreement")
    agreement = current_agreement(request)
    f = selectors.CalendarFilter(
        year=_int(request.POST.get("year")),
        kind=request.POST.get("kind", ""),
        state=request.POST.get("state", ""),
        organization=_int(request.POST.get("organization")),
        sort=request.POST.get("sort") or "due",
    )
    job = job_start(
        kind="calendar_export",
        user=request.user,
        params={"agreement": agreement.pk, "filters": dataclasses.asdict(f)},
    )
    return redirect("core:job", pk=job.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def company_obligation_edit(request, pk: int):
    require_perm(request, "agreements.change_company_obligation")
    co = selectors.company_obligation_get(pk=pk, fetched_by=request.user)
    if co is None:
        raise Http404
    record_access(actor=request.user, objects=[co.organization], what="obligation")
    form = CompanyObligationForm(
        request.POST or None,
        initial={"status": co.status, "due_date_override": co.due_date_override, "note": co.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.company_obligation_update(
                company_obligation=co,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Saved."))
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("agreements:calendar")
            return redirect(next_url)
    return render(request, "agreements/company_obligation_edit.html", {"form": form, "co": co})


@login_required
def agreement_detail(request):
    require_perm(request, "agreements.view_agreement")
    agreement = current_agreement(request)
    years = agreement.years.prefetch_related("obligations")
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "years": years,
            "size_classes": agreement.size_classes.all(),
            "can_change": request.user.has_perm("agreements.change_agreement"),
            "current_year": agreement.current_year(),
        },
    )


def _secretariat_edit(request, form_class, obj, run, title):
    require_perm(request, "agreements.change_agreement")
    form = form_class(request.POST or None, initial=getattr(obj, "__dict__", {}))
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect("agreements:detail")
    return render(request, "agreements/edit.html", {"form": form, "title": title, "object": obj})


@login_required
def year_edit(request, pk: int):
    year = get_object_or_404(AgreementYear, pk=pk, agreement=current_agreement(request))
    return _secretariat_edit(
        request, YearForm, year, lambda d: services.agreement_year_update(year=year, **d), str(year)
    )


@login_required
def due_date_edit(request, pk: int):
    obligation = get_object_or_404(Obligation, pk=pk, year__agreement=current_agreement(request))
    return _secretariat_edit(
        request,
        DueDateForm,
        obligation,
        lambda d: services.obligation_set_due_date(obligation=obligation, **d),
        str(obligation),
    )


@login_required
def fee_edit(request, pk: int):
    size_class = get_object_or_404(SizeClass, pk=pk, agreement=current_agreement(request))
    return _secretariat_edit(
        request,
        FeeForm,
        size_class,
        lambda d: services.size_class_set_fee(size_class=size_class, **d),
        str(size_class),
    )


@login_required
@require_POST
def switch_agreement(request):
    slug = request.POST.get("agreement", "")
    if selectors.agreement_current(slug=slug):
        request.session["agreement"] = slug
    return redirect("core:home")
