from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.agreements.models import STATE_LABELS, CompanyObligation
from imvo.agreements.selectors import STATES
from imvo.organizations.forms import DateInput


class CalendarFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Obligation"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    organization = forms.TypedChoiceField(label=_("Company"), required=False, coerce=int, empty_value=None)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agreement, companies=None, **kwargs):
        """`companies` only for the secretariat, who filters by company; others see their own."""
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all years"))] + [
            (y.number, str(y)) for y in agreement.years.all()
        ]
        self.fields["kind"].choices = [
            ("", _("all obligations")),
            *agreement.vocabulary_choices("obligations"),
        ]
        self.fields["state"].choices = [("", _("any status"))] + [(s, STATE_LABELS[s]) for s in STATES]
        if companies is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].choices = [("", _("all companies"))] + [
                (c.pk, c.name) for c in companies
            ]


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
