from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.reports.presenters import TITLES


class ComposeForm(forms.Form):
    choice = forms.ChoiceField(label=_("Report"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = choices  # type: ignore[attr-defined]


class TextsForm(forms.Form):
    """The secretariat's words around the figures: an introduction, a text per section, a conclusion."""

    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key in sections:
            self.fields[key] = forms.CharField(
                label=_("Text with “%(section)s”") % {"section": TITLES.get(key, key)},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        self.fields["conclusion"] = forms.CharField(
            label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )


class CompanyReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Agreement year"), coerce=int)
    url = forms.URLField(label=_("Where the report is published (web address)"), assume_scheme="https")
    published_on = forms.DateField(label=_("Published on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.number, str(y)) for y in years]  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Agreement year"), coerce=int)
    parties = forms.IntegerField(label=_("Parties aimed for"), min_value=0)
    supporters = forms.IntegerField(label=_("Supporters aimed for"), min_value=0)
    plan = forms.CharField(
        label=_("How we recruit"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.number, str(y)) for y in years]  # type: ignore[attr-defined]
