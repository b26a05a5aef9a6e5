from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.organizations.forms import DateInput


class RoundOpenForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Agreement year"), coerce=int)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(agreement.assessment_rounds.values_list("year__number", flat=True))
        self.fields["year"].choices = [
            (y.number, str(y)) for y in agreement.years.all() if y.number not in taken
        ]


class ScopeForm(forms.Form):
    minerals_in_scope = forms.TypedChoiceField(
        label=_(
            "Does your company use tin, tantalum, tungsten, gold or other minerals that may come from "
            "conflict-affected and high-risk areas?"
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class AnswerForm(forms.Form):
    """One indicator: the requirements met, not applicable, the explanation, and the revision the
    person started from."""

    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    not_applicable = forms.BooleanField(label=_("Does not apply to our company"), required=False)
    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for r in indicator.requirements:
            self.fields[f"req_{r.code}"] = forms.BooleanField(label=r.text, required=False)
        if not indicator.na_allowed:
            del self.fields["not_applicable"]

    def met(self) -> dict[str, bool]:
        return {r.code: bool(self.cleaned_data.get(f"req_{r.code}")) for r in self.indicator.requirements}


class EvidenceForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Evidence for"))
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(label=_("or a link"), required=False, max_length=1000, assume_scheme="https")

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [(r.code, f"{r.code}. {r.text}") for r in indicator.requirements]

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("link")):
            raise forms.ValidationError(_("Attach a file or give a link (one of the two)."))
        return data


class ImproveForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label=_("Items to improve"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = choices


class FollowUpForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    board_member = forms.CharField(label=_("Board member present"), max_length=200)
    agreed_actions = forms.CharField(label=_("Agreed actions"), widget=forms.Textarea(attrs={"rows": 5}))


class CmrtForm(forms.Form):
    file = forms.FileField(
        label=_("CMRT or EMRT file (Excel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}),
    )
