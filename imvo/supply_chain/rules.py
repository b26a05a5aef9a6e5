"""Who may see and do what with production locations. Names and addresses: the owning company and
the secretariat only (art. 20); the aggregated list: every party; art. 22–24 as the agreement says."""

import rules

from imvo.accounts.rules import (
    has_organization,
    is_company_member,
    is_core_group_chair,
    is_core_group_member,
    is_secretariat,
)


@rules.predicate
def owns(user, obj) -> bool:
    """`obj` is a list, a location, or anything with an organization."""
    if obj is None:
        return False
    org_id = getattr(obj, "organization_id", None)
    if org_id is None and hasattr(obj, "location_list"):
        org_id = obj.location_list.organization_id
    return org_id is not None and user.organization_id == org_id


@rules.predicate
def may_ask_lookup(user, agreement) -> bool:
    from imvo.supply_chain.selectors import may_ask_lookup as allowed

    return agreement is not None and allowed(organization=user.organization, agreement=agreement)


rules.add_perm("supply_chain.view_index", has_organization)
rules.add_perm("supply_chain.upload_list", is_company_member)
rules.add_perm("supply_chain.view_list", is_secretariat | (owns & is_company_member))
rules.add_perm("supply_chain.change_list", owns & is_company_member)
rules.add_perm("supply_chain.review", is_secretariat)
rules.add_perm("supply_chain.view_aggregate", has_organization)
rules.add_perm("supply_chain.build_aggregate", is_secretariat)
rules.add_perm("supply_chain.request_restriction", is_company_member)
rules.add_perm(
    "supply_chain.view_restrictions",
    is_secretariat | is_core_group_member | is_core_group_chair | is_company_member,
)
rules.add_perm("supply_chain.decide_restriction", is_secretariat | is_core_group_chair)
rules.add_perm("supply_chain.ask_lookup", may_ask_lookup)
rules.add_perm("supply_chain.view_lookups", is_secretariat | may_ask_lookup)
rules.add_perm("supply_chain.view_lookup", is_secretariat | owns)
rules.add_perm("supply_chain.decide_lookup", is_secretariat)
rules.add_perm("supply_chain.view_networks", has_organization)
rules.add_perm("supply_chain.change_networks", is_secretariat)
