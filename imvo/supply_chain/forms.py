from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.core.countries import country_choices
from imvo.core.forms import RowsField
from imvo.organizations.models import Organization
from imvo.supply_chain.models import Facility
from imvo.supply_chain.parsing import region_code
from imvo.supply_chain.vocabulary import vocabulary


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel or CSV file"),
        help_text=_("Use the template; Dutch and English column names are both understood."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}),
    )


def region_clean(form: forms.Form) -> None:
    country = form.cleaned_data.get("country", "")
    text = form.cleaned_data.get("region_text", "") or form.cleaned_data.get("region", "")
    code = region_code(country, text) if text else ""
    if text and not code:
        form.add_error(
            "region_text" if "region_text" in form.fields else "region",
            _(
                "We do not know this region in the chosen country; use the name or the ISO 3166-2 code (e.g. CD-NK)."
            ),
        )
    form.cleaned_data["region"] = code


class LocationForm(forms.Form):
    """A row typed in the browser; the same rules as a row of an uploaded list."""

    name = forms.CharField(label=_("Name"), max_length=500)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"))
    region_text = forms.CharField(
        label=_("Region or province"),
        max_length=200,
        required=False,
        help_text=_("Name or ISO 3166-2 code, e.g. Nord-Kivu or CD-NK."),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    activity = forms.ChoiceField(label=_("Activity type"))
    materials = forms.MultipleChoiceField(
        label=_("Materials"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tier = forms.ChoiceField(label=_("Tier"))
    customer_location = forms.BooleanField(label=_("Customer location (recyclers, art. 17)"), required=False)
    reference = forms.CharField(label=_("Your reference"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        v = vocabulary()
        self.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]
        self.fields["activity"].choices = [("", "—"), *v.choices("activity_types")]  # type: ignore[attr-defined]
        self.fields["materials"].choices = v.choices("materials")  # type: ignore[attr-defined]
        self.fields["tier"].choices = v.choices("tiers")  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        region_clean(self)
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return cleaned


class RestrictionForm(forms.Form):
    facilities: RowsField = RowsField(
        label=_("Locations"), queryset=Facility.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why these locations should only be shown at country level (art. 24)."),
    )

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilities"].queryset = facilities  # type: ignore[attr-defined]
        self.fields["facilities"].label_from_instance = lambda f: f"{f.name}, {f.city or f.country}"  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision_note = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RestrictionDecisionForm(DecisionForm):
    decided_on = forms.DateField(
        label=_("Date of the core group's decision"), widget=forms.DateInput(attrs={"type": "date"})
    )


class LookupForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    region_text = forms.CharField(
        label=_("Region or province (optional)"),
        max_length=200,
        required=False,
        help_text=_("Name or ISO 3166-2 code, e.g. Nord-Kivu or CD-NK."),
    )
    reason = forms.CharField(label=_("Why you ask"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        region_clean(self)
        return cleaned


class NetworkForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("NGO or union"),
        queryset=Organization.objects.filter(
            kind__in=[Organization.Kind.NGO, Organization.Kind.UNION]
        ).order_by("name"),
    )
    country = forms.ChoiceField(label=_("Country"))
    region_text = forms.CharField(label=_("Region or province (optional)"), max_length=200, required=False)
    materials = forms.MultipleChoiceField(
        label=_("Raw materials"), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Network and expertise"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]
        self.fields["materials"].choices = vocabulary().choices("materials")  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        region_clean(self)
        return cleaned


class MergeForm(forms.Form):
    other = forms.IntegerField(
        label=_("Number of the facility that is the same site"),
        min_value=1,
        help_text=_("Its locations and decisions move to this facility."),
    )
