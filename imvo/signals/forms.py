from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.core.countries import country_choices
from imvo.risks.method import method
from imvo.signals.models import Notice, Signal
from imvo.supply_chain.parsing import region_code

NONE = [("", "–")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: a list of uploads, each kept as sent."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class SignalForm(forms.Form):
    """What, where, when and how urgent (art. 23); the same questions on both ways in."""

    description = forms.CharField(
        label=_("What happened, or what is at risk"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who is affected, what you saw or heard, and how you know."),
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    occurred = forms.CharField(
        label=_("When"), max_length=200, required=False, help_text=_("A date, a period, or 'ongoing'.")
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Signal.Urgency.choices,
        initial=Signal.Urgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    site_name = forms.CharField(label=_("Name of the site or company where it happens"), max_length=500)
    site_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    site_city = forms.CharField(label=_("City or place"), max_length=200, required=False)
    site_country = forms.ChoiceField(label=_("Country"))
    site_region = forms.CharField(
        label=_("Region or province"),
        max_length=200,
        required=False,
        help_text=_("Name or ISO 3166-2 code, e.g. Nord-Kivu or CD-NK."),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    evidence = MultipleFileField(
        label=_("Evidence (photos, documents, statements)"),
        required=False,
        help_text=_("Up to 10 files of at most 20 MB each; they are kept exactly as you send them."),
    )
    shareable = forms.BooleanField(
        label=_("The companies concerned may see these files"),
        required=False,
        help_text=_(
            "Leave this off if the files could put anyone at risk; the secretariat then describes them."
        ),
    )
    anonymous_to_companies = forms.BooleanField(
        label=_("Do not tell the companies who reported it"), required=False
    )
    early_warning = forms.BooleanField(
        label=_("Early warning for the core group (art. 60g)"),
        required=False,
        help_text=_(
            "The whole sector should know: the abuse and the country go on the core group's agenda, never the companies."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = NONE + method().choices("themes")  # type: ignore[attr-defined]
        self.fields["site_country"].choices = NONE + country_choices()  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        text = data.get("site_region", "")
        if text:
            code = region_code(data.get("site_country", ""), text)
            if not code:
                self.add_error(
                    "site_region",
                    _(
                        "We do not know this region in the chosen country; use the name or the ISO 3166-2 code (e.g. CD-NK)."
                    ),
                )
            data["site_region"] = code
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data

    def signal_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("evidence", "shareable")}


class PublicSignalForm(SignalForm):
    """For a local partner without an account. `website` is left empty by people and filled by bots."""

    reporter_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    reporter_affiliation = forms.CharField(label=_("Your organization"), max_length=200, required=False)
    reporter_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("We send you the link to follow your signal; without it, keep the link we show you."),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def reporter(self) -> dict:
        return {
            k: self.cleaned_data.get(k, "")
            for k in ("reporter_name", "reporter_affiliation", "reporter_email")
        }

    def signal_data(self) -> dict:
        data = super().signal_data()
        for k in ("reporter_name", "reporter_affiliation", "reporter_email", "website"):
            data.pop(k, None)
        return data


class ScreenForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Take it up?"),
        choices=[("1", _("yes, take it up")), ("0", _("no, not taken up"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when it is not taken up: the reporter reads why."),
    )


class SiteForm(forms.Form):
    facility = forms.TypedChoiceField(
        label=_("The site in the registry"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [  # type: ignore[attr-defined]
            (f.pk, f"{f.name}, {f.city or f.address} ({f.country}) – {score:.0f}")
            for f, score, _fields in candidates
        ]


class NotifyForm(forms.Form):
    organizations = forms.MultipleChoiceField(
        label=_("Companies to notify"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].choices = [(str(c.pk), str(c)) for c in companies]  # type: ignore[attr-defined]
        self.fields["organizations"].initial = [str(c.pk) for c in companies]


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    private = forms.BooleanField(
        label=_("Only for the secretariat (the reporter does not see it)"), required=False
    )

    def __init__(self, *args, allow_private: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_private:
            del self.fields["private"]


class ResponseForm(forms.Form):
    response = forms.ChoiceField(label=_("Your response"), choices=Notice.Response.choices)


class CloseForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
