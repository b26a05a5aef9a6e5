from django import forms
from django.utils.translation import gettext_lazy as _

from imvo.accounts.models import User
from imvo.governance.models import Constituency, CoreGroupMember
from imvo.organizations.forms import DateInput


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
