"""Seating the core group (art. 46-47, 49, 54)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imvo.governance.models import CONSTITUENCY_KINDS, CoreGroupMember
from imvo.governance.selectors import current_core_group
from imvo.organizations.models import Organization
from imvo.organizations.selectors import is_active_party


@transaction.atomic
def core_group_member_add(
    *, agreement, user, role: str, constituency: str, started_on: dt.date
) -> CoreGroupMember:
    """Seat a person: one regular and one alternate per seat, held by a party of that
    constituency; one chair, not from the secretariat (art. 54)."""
    org = user.organization
    if org is None:
        raise ValidationError({"user": _("This person does not belong to an organization.")})
    seated = current_core_group(agreement=agreement)
    if seated.filter(user=user).exists():
        raise ValidationError({"user": _("This person already has a seat in the core group.")})
    if role == CoreGroupMember.Role.CHAIR:
        constituency = ""
        if org.kind == Organization.Kind.SECRETARIAT:
            raise ValidationError({"user": _("The chair is not involved in the secretariat (art. 54).")})
        if seated.filter(role=role).exists():
            raise ValidationError({"role": _("The core group already has a chair.")})
    else:
        if constituency not in CONSTITUENCY_KINDS:
            raise ValidationError({"constituency": _("Choose the seat.")})
        if org.kind not in CONSTITUENCY_KINDS[constituency]:
            raise ValidationError(
                {
                    "user": _("This seat is held by the %(seat)s constituency.")
                    % {"seat": CoreGroupMember(constituency=constituency).get_constituency_display()}
                }
            )
        if not is_active_party(organization_id=org.pk, agreement=agreement):
            raise ValidationError({"user": _("Only a party to the agreement can hold a seat.")})
        if seated.filter(role=role, constituency=constituency).exists():
            raise ValidationError(
                {"role": _("This seat already has a %(role)s.") % {"role": CoreGroupMember.Role(role).label}}
            )
    member = CoreGroupMember(
        agreement=agreement, user=user, role=role, constituency=constituency, started_on=started_on
    )
    member.full_clean()
    member.save()
    return member


def core_group_member_end(*, member: CoreGroupMember, ended_on: dt.date) -> CoreGroupMember:
    if ended_on < member.started_on:
        raise ValidationError(_("A seat cannot end before it started."))
    member.ended_on = ended_on
    member.save(update_fields=["ended_on"])
    return member
