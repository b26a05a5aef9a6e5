from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.core.countries import country_choices, region_name
from imvo.risks.method import DIMENSIONS, method
from imvo.risks.models import Risk
from imvo.supply_chain.forms import region_clean
from imvo.supply_chain.vocabulary import vocabulary

NONE = [("", "–")]


def _score_field(dimension: str) -> forms.TypedChoiceField:
    scale = method().scales[dimension]
    return forms.TypedChoiceField(
        label=scale.name,
        choices=[("", _("not scored yet")), *scale.choices()],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class RiskForm(forms.Form):
    """A risk as the company describes and scores it. Everything may be saved incomplete; the
    register shows what is still needed before the statement can be published."""

    theme = forms.ChoiceField(label=_("Theme"))
    material = forms.ChoiceField(label=_("Raw material or metal"), required=False)
    chain_stage = forms.ChoiceField(label=_("Chain stage"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.CharField(
        label=_("Region or province"),
        max_length=200,
        required=False,
        help_text=_("Name or ISO 3166-2 code, e.g. Nord-Kivu or CD-NK."),
    )
    stakeholders = forms.MultipleChoiceField(
        label=_("Affected stakeholders"), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("What happens, and to whom"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    nature = forms.ChoiceField(
        label=_("Actual or potential"), choices=Risk.Nature.choices, widget=forms.RadioSelect
    )
    involvement = forms.ChoiceField(label=_("The company's involvement"), required=False)
    scale = forms.TypedChoiceField()
    scope = forms.TypedChoiceField()
    irremediability = forms.TypedChoiceField()
    likelihood = forms.TypedChoiceField()
    likelihood_evidence = forms.CharField(
        label=_("Evidence for a lower likelihood"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the likelihood is below what the reference data suggest."),
    )
    override = forms.ChoiceField(label=_("Priority"), choices=Risk.Override.choices, required=False)
    override_reason = forms.CharField(
        label=_("Reason for deviating from the method"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Published with the risk."),
    )
    explanation = forms.CharField(
        label=_("Why it is or is not prioritised (published)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The platform drafts this from the scores; edit it freely. Empty it to go back to the draft."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Are women or girls affected differently? (art. 28)"),
        choices=Risk.Gender.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    shown_draft = forms.CharField(required=False, widget=forms.HiddenInput)
    gender_how = forms.CharField(label=_("How"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    disclose_location = forms.BooleanField(
        label=_("Show the country and region in the public statement"),
        required=False,
        help_text=_(
            "Without it, the statement names neither the place nor the sources that would point to it. "
            "An explanation you write yourself is published as you wrote it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        m, v = method(), vocabulary()
        groups = {g.code: g.name for g in m.groups}
        self.fields["theme"].choices = NONE + [  # type: ignore[attr-defined]
            (groups[g.code], [(t.code, t.name) for t in m.themes if t.group == g.code]) for g in m.groups
        ]
        self.fields["material"].choices = NONE + v.choices("materials")  # type: ignore[attr-defined]
        self.fields["chain_stage"].choices = NONE + m.choices("chain_stages")  # type: ignore[attr-defined]
        self.fields["country"].choices = NONE + country_choices()  # type: ignore[attr-defined]
        self.fields["stakeholders"].choices = m.choices("stakeholders")  # type: ignore[attr-defined]
        self.fields["involvement"].choices = NONE + m.choices("involvement")  # type: ignore[attr-defined]
        for dimension in DIMENSIONS:
            self.fields[dimension] = _score_field(dimension)
        self.fields["likelihood"].help_text = _("For a potential impact; an actual impact has happened.")

    @classmethod
    def initial_of(cls, risk: Risk, explanation: str, draft: str) -> dict:
        """`draft` goes along hidden, so that saving it unchanged is not taken for the company's own words."""
        initial = {name: getattr(risk, name) for name in cls.base_fields if hasattr(risk, name)}
        initial["region"] = region_name(risk.region) if risk.region else ""
        initial["explanation"] = explanation
        initial["shown_draft"] = draft
        return initial

    def clean(self):
        cleaned = super().clean()
        region_clean(self)
        return cleaned


class RegisterForm(forms.Form):
    priority_count = forms.IntegerField(
        label=_("Number of risks to prioritise"),
        min_value=1,
        max_value=50,
        help_text=_("How many of the most severe open risks the company addresses first this year."),
    )


class SuggestionsForm(forms.Form):
    keys = forms.MultipleChoiceField(label=_("Suggestions"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [(k, k) for k in keys]  # type: ignore[attr-defined]


class AddressForm(forms.Form):
    addressed_note = forms.CharField(
        label=_("How the risk was addressed (published)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CollectiveRiskForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"))
    material = forms.ChoiceField(label=_("Raw material or metal"), required=False)
    area = forms.ChoiceField(label=_("Country or continent"), required=False)
    rationale = forms.CharField(
        label=_("Why the parties address this risk together"), widget=forms.Textarea(attrs={"rows": 3})
    )
    chosen_on = forms.DateField(label=_("Chosen on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, areas: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = NONE + method().choices("themes")  # type: ignore[attr-defined]
        self.fields["material"].choices = NONE + vocabulary().choices("materials")  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", _("Worldwide")), *areas]  # type: ignore[attr-defined]
