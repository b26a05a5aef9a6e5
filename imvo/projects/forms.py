from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.core.countries import country_choices
from imvo.projects.models import Project, ProjectParticipant

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("What the project is about"), widget=forms.Textarea(attrs={"rows": 4}))
    goals = forms.CharField(label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    regions = forms.CharField(label=_("Regions or places"), max_length=300, required=False)
    materials = forms.MultipleChoiceField(
        label=_("Raw materials or metals"), required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    budget = forms.DecimalField(
        label=_("Budget (EUR)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    co_financing = forms.CharField(
        label=_("Co-financing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who else pays, and how much."),
    )
    started_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        from imvo.risks.method import method
        from imvo.supply_chain.vocabulary import vocabulary

        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = country_choices()  # type: ignore[attr-defined]
        self.fields["materials"].choices = vocabulary().choices("materials")  # type: ignore[attr-defined]
        self.fields["themes"].choices = method().choices("themes")  # type: ignore[attr-defined]


class ProposeForm(ProjectForm):
    collective_risk = forms.ChoiceField(
        label=_("Collective risk it addresses"),
        required=False,
        help_text=_("Its theme, material and area are taken over where you leave them empty."),
    )

    field_order = ["collective_risk"]

    def __init__(self, *args, collective_risks, **kwargs):
        super().__init__(*args, **kwargs)
        self.risks = {str(r["risk"].pk): r["risk"] for r in collective_risks}
        self.fields["collective_risk"].choices = [("", _("none"))] + [  # type: ignore[attr-defined]
            (str(r["risk"].pk), " · ".join(filter(None, [r["theme"], r["material"], r["area"]])))
            for r in collective_risks
        ]


class ParticipantForm(forms.Form):
    organization = forms.ChoiceField(label=_("Organization"), required=False)
    local_partner_name = forms.CharField(
        label=_("Or a local partner without an account"), max_length=200, required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProjectParticipant.Role.choices)
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, prefix="participant", **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organization"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (str(o.pk), f"{o.name} ({o.get_kind_display()})") for o in organizations
        ]


class UpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Document (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="update", **kwargs)


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Result"), max_length=200)
    text = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    value = forms.CharField(label=_("Value"), max_length=100, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="result", **kwargs)


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Started on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="start", **kwargs)


class CloseForm(forms.Form):
    ends_on = forms.DateField(label=_("Completed on"), widget=DATE)
    note = forms.CharField(
        label=_("How the project ended"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="close", **kwargs)


STATUS_FILTER = [("", _("all")), *Project.Status.choices]
