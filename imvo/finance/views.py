"""The budget page: the shares against the agreement's targets, the companies' contributions, and
a warning when the budget no longer closes (art. 82)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.core.views_helpers import (
    agreement_year,
    current_agreement,
    on_valid,
    page,
    query_int,
    require_perm,
    step,
)
from imvo.finance import selectors, services
from imvo.finance.forms import BudgetForm, FundingForm, InvoiceForm
from imvo.finance.models import Funding, Invoice


def _year(request):
    agreement = current_agreement(request)
    number = query_int(request.GET.get("year", ""))
    chosen = agreement.years.filter(number=number).first() if number is not None else None
    return chosen or agreement_year(agreement)


@login_required
def budget(request):
    require_perm(request, "finance.view_budget")
    year = _year(request)
    view = selectors.budget_view(year=year)
    here = f"{reverse('finance:budget')}?year={year.number}"
    budget_form = funding_form = None
    if request.user.has_perm("finance.change_budget"):
        initial = {"total": view.budget.total, "note": view.budget.note} if view.budget else {}
        posted = request.POST if request.method == "POST" else None
        budget_form = BudgetForm(posted if request.POST.get("form") == "budget" else None, initial=initial)
        funding_form = FundingForm(
            posted if request.POST.get("form") == "funding" else None, prefix="funding"
        )
        done = on_valid(
            request,
            budget_form,
            lambda data: services.budget_set(year=year, actor=request.user, **data),
            _("The budget has been saved."),
            here,
        ) or (
            view.budget
            and on_valid(
                request,
                funding_form,
                lambda data: services.funding_add(budget=view.budget, actor=request.user, **data),
                _("The funding has been added."),
                here,
            )
        )
        if done:
            return done
    elif request.method == "POST":
        require_perm(request, "finance.change_budget")
    context = {
        "view": view,
        "year": year,
        "years": year.agreement.years.all(),
        "budget_form": budget_form,
        "funding_form": funding_form,
        "invoices": selectors.invoices(year=year),
        "source_labels": dict(Funding.Source.choices),
    }
    form = budget_form if budget_form is not None and budget_form.is_bound else funding_form
    return page(request, "finance/budget.html", context, form)


@login_required
@require_POST
def invoices_prepare(request):
    require_perm(request, "finance.change_budget")
    year = _year(request)
    view = selectors.budget_view(year=year)
    if view.budget is None:
        raise Http404("Set the year's budget first.")
    made, left_out = services.invoices_prepare(budget=view.budget, actor=request.user)
    messages.success(request, _("%(count)s contributions prepared.") % {"count": made})
    if left_out:
        messages.warning(
            request,
            _("Left out, with no FTE or no fee for their size class: %(names)s.")
            % {"names": ", ".join(left_out)},
        )
    return redirect(f"{reverse('finance:budget')}?year={year.number}")


@login_required
def invoice(request, pk: int):
    require_perm(request, "finance.change_budget")
    item = get_object_or_404(Invoice.objects.select_related("organization", "budget__year"), pk=pk)
    form = InvoiceForm(
        request.POST or None,
        initial={"reference": item.reference, "invoiced_on": item.invoiced_on, "paid_on": item.paid_on},
    )
    back = f"{reverse('finance:budget')}?year={item.budget.year.number}"
    done = on_valid(
        request,
        form,
        lambda data: services.invoice_update(invoice=item, actor=request.user, **data),
        _("Saved."),
        back,
    )
    return done or page(request, "finance/invoice.html", {"form": form, "invoice": item, "back": back}, form)


@login_required
@require_POST
def funding_delete(request, pk: int):
    require_perm(request, "finance.change_budget")
    funding = get_object_or_404(Funding.objects.select_related("budget__year"), pk=pk)
    return step(
        request,
        lambda: services.funding_delete(funding=funding, actor=request.user),
        _("Removed."),
        f"{reverse('finance:budget')}?year={funding.budget.year.number}",
    )
