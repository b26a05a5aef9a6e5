from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.finance.models import Funding

DATE = forms.DateInput(attrs={"type": "date"})


class BudgetForm(forms.Form):
    total = forms.DecimalField(label=_("Total budget (EUR)"), max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FundingForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Funding.Source.choices)
    description = forms.CharField(label=_("Description"), max_length=200)
    committed = forms.DecimalField(label=_("Committed (EUR)"), max_digits=12, decimal_places=2, min_value=0)
    received = forms.DecimalField(
        label=_("Received (EUR)"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )


class InvoiceForm(forms.Form):
    reference = forms.CharField(label=_("Invoice number"), max_length=60, required=False)
    invoiced_on = forms.DateField(label=_("Invoiced on"), required=False, widget=DATE)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DATE)
