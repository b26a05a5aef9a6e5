from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.agreements.models import CompanyObligation
from imvo.organizations.forms import DateInput


class CalendarFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Obligation"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    organization = forms.TypedChoiceField(label=_("Company"), required=False, coerce=int, empty_value=None)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


class YearForm(forms.Form):
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())


class DueDateForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


class FeeForm(forms.Form):
    yearly_fee = forms.DecimalField(
        label=_("Yearly contribution (EUR)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )


class CompanyObligationForm(forms.Form):
    """A plain form: the service compares the new status with the stored one."""

    status = forms.ChoiceField(label=_("Status"), choices=CompanyObligation.Status.choices)
    due_date_override = forms.DateField(
        label=_("Extended due date"),
        required=False,
        widget=DateInput(),
        help_text=_("Set by the secretariat to give this company more time."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
