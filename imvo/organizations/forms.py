from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.agreements.models import Agreement
from imvo.core.countries import country_choices
from imvo.organizations.models import ConfidentialityAgreement, Organization, Participation

MAX_UPLOAD_MB = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def validate_upload(f) -> None:
    if f and f.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "website",
            "email",
            "address",
            "postal_code",
            "city",
            "country",
            "fte",
            "chain_positions",
            "reporting_regime",
        ]

    chain_positions = forms.MultipleChoiceField(
        label=_("Positions in the chain"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Companies only: where in the metal chain the company works."),
    )
    reporting_regime = forms.ChoiceField(label=_("Public reporting regime (art. 31)"), required=False)

    def __init__(self, *args, agreement: Agreement, can_change_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain_positions"].choices = agreement.vocabulary_choices("chain_positions")  # type: ignore[attr-defined]
        self.fields["reporting_regime"].choices = [  # type: ignore[attr-defined]
            ("", _("not known yet")),
            *agreement.vocabulary_choices("reporting_regimes"),
        ]
        self.fields["country"] = forms.ChoiceField(
            label=_("Country"), choices=country_choices(), initial="NL"
        )
        if not can_change_kind:
            del self.fields["kind"]


class ApplicationForm(OrganizationForm):
    """The public form to apply (art. 70): the organization, a contact person and the motivation."""

    form = forms.ChoiceField(
        label=_("Join as"),
        choices=[
            (Participation.Form.PARTY, _("party: takes part in decisions and commits to due diligence")),
            (
                Participation.Form.SUPPORTER,
                _("supporter: supports the aims, no vote (not for companies in the metal chain)"),
            ),
            (Participation.Form.EXPERT, _("expert organization")),
        ],
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(label=_("Your name"), max_length=200)
    applicant_email = forms.EmailField(label=_("Your e-mail address"))
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "Show that the organization subscribes to the OECD Guidelines and frees enough resources for due diligence (art. 70)."
        ),
    )
    motivation_letter = forms.FileField(
        label=_("Motivation letter (PDF or Word, optional)"), required=False, validators=[validate_upload]
    )

    class Meta(OrganizationForm.Meta):
        fields = OrganizationForm.Meta.fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, label)
            for k, label in Organization.Kind.choices
            if k not in (Organization.Kind.SECRETARIAT, Organization.Kind.GOVERNMENT)
        ]


class AdmitForm(forms.Form):
    form = forms.ChoiceField(label=_("Form of participation"), choices=Participation.Form.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class HearingForm(forms.Form):
    held_on = forms.DateField(label=_("Heard on"), widget=DateInput())
    note = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the core group"),
        choices=[("approve", _("approve")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    note = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting."),
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class NoticeForm(forms.Form):
    notice_on = forms.DateField(label=_("Date of the written notice"), widget=DateInput())
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for the earliest date the agreement allows."),
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    letter = forms.FileField(label=_("Letter (optional)"), required=False, validators=[validate_upload])


class ReminderForm(forms.Form):
    reminded_on = forms.DateField(label=_("Reminded on"), widget=DateInput())
    note = forms.CharField(label=_("Which ruling is not followed"), widget=forms.Textarea(attrs={"rows": 3}))


class RemovalForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    explanation = forms.CharField(
        label=_("Public short explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the removal (art. 77)."),
    )


class ConfidentialityAgreementForm(forms.ModelForm):
    class Meta:
        model = ConfidentialityAgreement
        fields = [
            "scope",
            "signed_by_name",
            "signed_by",
            "signed_on",
            "valid_until",
            "description",
            "document",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].queryset = organization.members.all()  # type: ignore[attr-defined]
        self.fields["signed_by"].required = False
        self.fields["document"].validators.append(validate_upload)


class GrievanceMechanismForm(forms.Form):
    description = forms.CharField(
        label=_("How the mechanism works"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Who may complain, about what, how complaints are handled, and how the complainant is protected."
        ),
    )
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    contact = forms.CharField(
        label=_("How to reach it"), max_length=200, required=False, help_text=_("E-mail, telephone or post.")
    )
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    open_to_third_parties = forms.BooleanField(
        label=_(
            "Open to third parties with complaints or information about abuses in the supply chain (art. 85)"
        ),
        required=False,
    )
    aligned_with_ungp = forms.BooleanField(
        label=_("Aligned with the effectiveness criteria of the UN Guiding Principles (principle 31)"),
        required=False,
    )
