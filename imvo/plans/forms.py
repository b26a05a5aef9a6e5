from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.plans import selectors
from imvo.plans.models import Goal, Plan
from imvo.risks.models import Risk


class RiskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return selectors.risk_label(obj)


class GoalForm(forms.Form):
    """A goal, SMART: everything may be saved incomplete except what it is about; the plan shows what
    is still missing before it can be submitted."""

    step = forms.ChoiceField(label=_("Due-diligence step"))
    risk = RiskChoiceField(
        label=_("Prioritised risk it addresses"),
        queryset=Risk.objects.none(),
        required=False,
        empty_label=_("none"),
    )
    what = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 3}))
    who = forms.CharField(
        label=_("Who"), max_length=200, required=False, help_text=_("The person or team responsible.")
    )
    due_on = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=300,
        required=False,
        help_text=_(
            "How you will know the goal is reached, e.g. “80 percent of tier-1 suppliers signed the code”."
        ),
    )
    status = forms.ChoiceField(label=_("Status"))
    status_note = forms.CharField(
        label=_("Note on the status"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, plan: Plan, goal: Goal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        names = selectors.step_names(plan.year.agreement)
        self.fields["step"].choices = [("", "–"), *names.items()]  # type: ignore[attr-defined]
        risks = {r.pk for r in selectors.goal_risk_choices(plan)}
        if goal is not None and goal.risk_id:
            risks.add(goal.risk_id)
        self.fields["risk"].queryset = Risk.objects.filter(pk__in=risks)  # type: ignore[attr-defined]
        carried = goal is not None and goal.source == Goal.Source.CARRIED
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Goal.Status.choices if value or carried
        ]
        if carried:
            self.fields["status"].help_text = _("What became of this goal from last year?")

    @classmethod
    def initial_of(cls, goal: Goal) -> dict:
        return {
            name: getattr(goal, name)
            for name in ("step", "risk", "what", "who", "due_on", "indicator", "status", "status_note")
        }


class SectionsForm(forms.Form):
    """Per OECD step: where the CSRD/CSDDD report covers it, or that it does not."""

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        for step, name in selectors.step_names(plan.year.agreement).items():
            required_step = step in selectors.STEPS
            self.fields[f"where_{step}"] = forms.CharField(
                label=_("%(step)s: where the report covers it") % {"step": name},
                max_length=300,
                required=False,
                help_text=_("Section and pages, e.g. “§3.2, p. 41–44”.")
                if required_step
                else _("Only when minerals from conflict-affected and high-risk areas are in scope."),
            )
            self.fields[f"not_covered_{step}"] = forms.BooleanField(
                label=_("%(step)s: the report does not cover it") % {"step": name}, required=False
            )

    @classmethod
    def initial_of(cls, plan: Plan) -> dict:
        initial = {}
        for step, entry in (plan.section_map or {}).items():
            initial[f"where_{step}"] = entry.get("where", "")
            initial[f"not_covered_{step}"] = bool(entry.get("not_covered"))
        return initial

    def section_map(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            step: {
                "where": data.get(f"where_{step}", ""),
                "not_covered": data.get(f"not_covered_{step}", False),
            }
            for step in selectors.ALL_STEPS
        }

    def step_fields(self):
        """(where, not covered) per step, for the template."""
        return [(self[f"where_{step}"], self[f"not_covered_{step}"]) for step in selectors.ALL_STEPS]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your CSRD/CSDDD report"),
        help_text=_("PDF, XHTML, HTML, Word, OpenDocument or a ZIP; kept as you upload it."),
    )


class IntroForm(forms.Form):
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown above the figures to every party. Name no company."),
    )
