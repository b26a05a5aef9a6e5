"""Role predicates every app's rules build on, and the permissions on people and invitations."""

import rules

from imvo.accounts.roles import Role, roles_of


def _has(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return role in roles_of(user)

    return predicate


is_secretariat = _has(Role.SECRETARIAT)
is_company_member = _has(Role.COMPANY_MEMBER)
is_company_admin = _has(Role.COMPANY_ADMIN)
is_ngo_union_member = _has(Role.NGO_UNION_MEMBER)
is_industry_association_member = _has(Role.INDUSTRY_ASSOCIATION_MEMBER)
is_government_observer = _has(Role.GOVERNMENT_OBSERVER)
is_core_group_member = _has(Role.CORE_GROUP_MEMBER)
is_core_group_chair = _has(Role.CORE_GROUP_CHAIR)


@rules.predicate
def has_organization(user) -> bool:
    return getattr(user, "organization_id", None) is not None


@rules.predicate
def is_member_of(user, organization) -> bool:
    return organization is not None and user.organization_id == organization.pk


@rules.predicate
def is_admin_of(user, organization) -> bool:
    return organization is not None and user.organization_id == organization.pk and user.is_org_admin


rules.add_perm("accounts.invite_to_organization", is_secretariat | is_admin_of)
rules.add_perm("accounts.view_members", is_secretariat | is_member_of)
