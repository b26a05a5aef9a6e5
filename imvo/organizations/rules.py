"""Who may see and do what with organizations, applications and confidentiality agreements."""

import rules

from imvo.accounts.rules import (
    has_organization,
    is_admin_of,
    is_member_of,
    is_secretariat,
)


@rules.predicate
def is_party_member(user, participation) -> bool:
    """A person from another organization that is an active party in the same agreement."""
    from imvo.organizations.selectors import is_active_party

    if participation is None or user.organization_id is None:
        return False
    if user.organization_id == participation.organization_id:
        return False
    return is_active_party(organization_id=user.organization_id, agreement=participation.agreement)


@rules.predicate
def sits_in_core_group(user, participation) -> bool:
    """A seat in the core group of this participation's agreement (not of another one)."""
    from imvo.governance.selectors import holds_seat

    return participation is not None and holds_seat(user=user, agreement=participation.agreement)


@rules.predicate
def chairs_core_group(user, participation) -> bool:
    from imvo.governance.selectors import holds_seat

    return participation is not None and holds_seat(user=user, agreement=participation.agreement, chair=True)


@rules.predicate
def parties_informed(user, participation) -> bool:
    return participation is not None and participation.parties_informed_on is not None


@rules.predicate
def is_applicant(user, participation) -> bool:
    return participation is not None and user.organization_id == participation.organization_id


@rules.predicate
def is_participant_admin(user, participation) -> bool:
    return participation is not None and is_admin_of(user, participation.organization)


# The list of participants and their public profile: everyone who belongs to an organization.
rules.add_perm("organizations.view_organization", has_organization)
# FTE, size class, contribution, members, calendar, confidentiality agreements.
rules.add_perm("organizations.view_organization_details", is_secretariat | is_member_of)
rules.add_perm("organizations.change_organization", is_secretariat | is_admin_of)
rules.add_perm("organizations.change_grievance_mechanism", is_secretariat | is_admin_of)
rules.add_perm("organizations.add_organization", is_secretariat)

rules.add_perm(
    "organizations.view_application",
    is_secretariat | sits_in_core_group | is_applicant | (is_party_member & parties_informed),
)
rules.add_perm("organizations.list_applications", has_organization)
rules.add_perm("organizations.inform_parties", is_secretariat)
rules.add_perm("organizations.request_hearing", is_party_member & parties_informed)
rules.add_perm("organizations.record_hearing", is_secretariat | chairs_core_group)
rules.add_perm("organizations.decide_application", is_secretariat | chairs_core_group)
rules.add_perm("organizations.record_signature", is_secretariat)
rules.add_perm("organizations.admit_participant", is_secretariat)
rules.add_perm("organizations.give_notice", is_secretariat | is_participant_admin)
rules.add_perm("organizations.remind_participant", is_secretariat | chairs_core_group)
rules.add_perm("organizations.remove_participant", is_secretariat | chairs_core_group)

rules.add_perm("organizations.view_confidentiality_agreements", is_secretariat | is_member_of)
rules.add_perm("organizations.record_confidentiality_agreement", is_secretariat)
