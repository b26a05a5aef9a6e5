"""Who may see and do what in the risk analysis. A register and its individual results: the owning
company and the secretariat (art. 20, 27); a published statement: everyone; the sector's risks,
aggregated: every party once the secretariat has published them."""

import rules

from imvo.accounts.rules import has_organization, is_company_member, is_secretariat


@rules.predicate
def owns(user, obj) -> bool:
    """`obj` is a register or a risk."""
    if obj is None:
        return False
    register = getattr(obj, "register", obj)
    return user.organization_id is not None and user.organization_id == register.organization_id


rules.add_perm("risks.view_index", has_organization)
rules.add_perm("risks.keep_register", is_company_member)
rules.add_perm("risks.view_register", is_secretariat | (owns & is_company_member))
rules.add_perm("risks.change_register", owns & is_company_member)
rules.add_perm("risks.view_sector", has_organization)
rules.add_perm("risks.build_sector", is_secretariat)
