from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.accounts.models import User
from imvo.core.forms import RowsField
from imvo.governance.models import AgendaItem, Body, Choice, Constituency, CoreGroupMember, Meeting
from imvo.organizations.forms import DateInput
from imvo.organizations.models import Organization


class CoreGroupMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CoreGroupMember.Role.choices)
    constituency = forms.ChoiceField(
        label=_("Seat"), required=False, choices=[("", _("none (chair)")), *list(Constituency.choices)]
    )
    started_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, organization__isnull=False)
            .select_related("organization")
            .order_by("organization__name", "full_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.organization})"


class _Form(forms.Form):
    """Ids unique per form, since several forms share a page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)


class MeetingForm(_Form):
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    agenda_outline = forms.CharField(
        label=_("Agenda in outline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shared with all parties (art. 44, 48)."),
    )


class MeetingEditForm(_Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    agenda_outline = forms.CharField(
        label=_("Agenda in outline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shared with all parties (art. 44, 48)."),
    )
    minutes_outline = forms.CharField(
        label=_("Minutes in outline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shared with all parties (art. 44, 48)."),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Confidential: the core group, its chair and the secretariat."),
    )
    progress_report = forms.FileField(
        label=_("Due-diligence progress report (art. 52)"),
        required=False,
        help_text=_("Replaces the report attached before, if any."),
    )

    def __init__(self, *args, core_group=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not core_group:
            del self.fields["progress_report"]
            self.fields["minutes"].help_text = ""


class MeetingDocumentForm(_Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
    shared_with_parties = forms.BooleanField(
        label=_("Share with all parties"),
        required=False,
        help_text=_("Otherwise only the core group, its chair and the secretariat see it."),
    )


class AttendanceForm(_Form):
    """One checkbox per seated person (core group) or per party with its representative (assembly)."""

    def __init__(self, *args, meeting, members=(), parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        recorded = {(a.user_id or 0, a.organization_id or 0): a for a in meeting.attendance.all()}
        self.people: list = []
        self.organizations: list = []
        if meeting.is_core_group:
            for m in members:
                row = recorded.get((m.user_id, m.user.organization_id or 0))
                self.fields[f"user_{m.user_id}"] = forms.BooleanField(
                    label=f"{m.user.full_name} ({m.get_role_display()}{', ' + m.get_constituency_display() if m.constituency else ''})",
                    required=False,
                    initial=bool(row and row.present),
                )
                self.people.append(m.user)
        else:
            for org in parties:
                row = recorded.get((0, org.pk))
                self.fields[f"org_{org.pk}"] = forms.BooleanField(
                    label=org.name, required=False, initial=bool(row and row.present)
                )
                self.fields[f"rep_{org.pk}"] = forms.CharField(
                    label=_("Representative of %(org)s") % {"org": org.name},
                    required=False,
                    max_length=200,
                    initial=row.representative if row else "",
                )
                self.organizations.append(org)

    def present(self) -> list:
        data = self.cleaned_data
        return [u for u in self.people if data.get(f"user_{u.pk}")] + [
            o for o in self.organizations if data.get(f"org_{o.pk}")
        ]

    def representatives(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data.get(f"rep_{o.pk}", "") for o in self.organizations}


class AgendaItemForm(_Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in (AgendaItem.Kind.GENERAL, AgendaItem.Kind.EARLY_WARNING)],
    )


class ProposalForm(_Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 6}))
    concerned = RowsField(
        label=_("Organizations concerned"),
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their members in the core group step aside for this proposal (art. 84)."),
    )

    def __init__(self, *args, kinds, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["concerned"].queryset = parties


class DeliberationForm(_Form):
    text = forms.CharField(label=_("Your contribution"), widget=forms.Textarea(attrs={"rows": 4}))


class VoteOpenForm(_Form):
    meeting = forms.ModelChoiceField(
        label=_("At the meeting of"),
        queryset=Meeting.objects.none(),
        help_text=_("Those recorded present at this meeting vote."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            agreement=agreement, body=Body.CORE_GROUP
        ).exclude(status=Meeting.Status.CANCELLED)


class BallotForm(_Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect)


class ReplacementForm(_Form):
    constituency = forms.ChoiceField(label=_("Seat"), choices=[])
    user = forms.ModelChoiceField(label=_("Replacement"), queryset=User.objects.none())

    def __init__(self, *args, seats, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].choices = [(s, Constituency(s).label) for s in seats]
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.organization})"


class DecisionForm(_Form):
    outcome = forms.CharField(
        label=_("The decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "As it will be published. For a removal the short public explanation (art. 77); for a "
            "rejection the reasons. Not needed when the vote goes to the assembly."
        ),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())


class AssemblyBallotForm(_Form):
    organization = forms.ModelChoiceField(label=_("Party"), queryset=Organization.objects.none())
    choice = forms.ChoiceField(label=_("Vote"), choices=Choice.choices)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = parties


class AssemblyDecisionForm(DecisionForm):
    meeting = forms.ModelChoiceField(
        label=_("At the assembly of"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["outcome"].help_text = _("As it will be published.")
        self.fields["meeting"].queryset = Meeting.objects.filter(
            agreement=agreement, body=Body.ASSEMBLY
        ).exclude(status=Meeting.Status.CANCELLED)


class ComplaintForm(_Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Organization.objects.none())
    about = forms.CharField(
        label=_("The company's lack of progress"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A complaint may only concern a participating company's lack of progress in the agreement "
            "(art. 83). Report an abuse in a supply chain to the company's own grievance mechanism (art. 85) "
            "or to the National Contact Point for the OECD Guidelines (art. 86)."
        ),
    )
    complainant_name = forms.CharField(label=_("Complainant's name"), max_length=200)
    complainant_email = forms.EmailField(label=_("Complainant's e-mail address"), required=False)

    def __init__(self, *args, companies, on_behalf, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        if not on_behalf:
            del self.fields["complainant_name"]
            del self.fields["complainant_email"]


class ScreenForm(_Form):
    decision = forms.ChoiceField(
        label=_("Screening"),
        widget=forms.RadioSelect,
        choices=[
            ("core_group", _("Within scope: send it to the core group")),
            ("out_of_scope", _("Out of scope: it does not concern a company's lack of progress (art. 83)")),
        ],
    )
    reason = forms.CharField(
        label=_("Why it is out of scope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the complainant."),
    )
