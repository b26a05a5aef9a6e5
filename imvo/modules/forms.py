from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imvo.modules.models import Module
from imvo.monitoring.presenters import VERDICT_LABELS
from imvo.organizations.forms import DateInput


class _Form(forms.Form):
    """Ids unique per form, since several forms share a page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)


class ModuleForm(_Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Module.Kind.choices)
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    framework_code = forms.ChoiceField(
        label=_("Module in the assessment framework"),
        required=False,
        help_text=_("The module the advice of the monitoring tool points to."),
    )
    mandatory_for_all = forms.BooleanField(label=_("Mandatory for every company"), required=False)
    mandatory_below_overall = forms.IntegerField(
        label=_("Mandatory below an overall score of (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Leave empty when the overall score does not make it mandatory."),
    )
    mandatory_verdicts = forms.MultipleChoiceField(
        label=_("Mandatory with the verdict"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(VERDICT_LABELS.items()),
    )
    mandatory_when_advised = forms.BooleanField(
        label=_("Mandatory when an indicator whose advice points here scored 0"), required=False
    )
    active = forms.BooleanField(label=_("Offered"), required=False, initial=True)

    def __init__(self, *args, framework_modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_code"].choices = [
            ("", _("none")),
            *((m.code, m.name) for m in framework_modules),
        ]


class SessionForm(_Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_at = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Programme"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def session_data(self) -> dict:
        """The cleaned data as the service takes it: the times on the day, in the platform's zone."""
        data = dict(self.cleaned_data)
        day: dt.date = data.pop("day")
        zone = timezone.get_current_timezone()
        data["starts_at"] = dt.datetime.combine(day, data["starts_at"], tzinfo=zone)
        data["ends_at"] = dt.datetime.combine(day, data["ends_at"], tzinfo=zone)
        return data


class MaterialForm(_Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Or a link"), max_length=1000, required=False)


class AttendanceForm(_Form):
    """A checkbox per organization taking part, with who came."""

    def __init__(self, *args, session, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = {a.organization_id: a for a in session.attendance.all()}
        self.organizations = list(organizations)
        for org in self.organizations:
            row = recorded.get(org.pk)
            self.fields[f"org_{org.pk}"] = forms.BooleanField(
                label=f"{org.name} ({org.get_kind_display()})",
                required=False,
                initial=bool(row and row.present),
            )
            self.fields[f"name_{org.pk}"] = forms.CharField(
                label=_("Who came from %(org)s") % {"org": org.name},
                required=False,
                max_length=200,
                initial=row.person_name if row else "",
            )

    def present(self) -> list:
        return [o for o in self.organizations if self.cleaned_data.get(f"org_{o.pk}")]

    def names(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data.get(f"name_{o.pk}", "") for o in self.organizations}


class WaiveForm(_Form):
    reason = forms.CharField(
        label=_("Reason for the exemption"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
