"""Who may see and do what with the plan of approach. A company's plan: the company itself and the
secretariat it is submitted to (art. 12); the aggregated plan: every party and the government
observer once the secretariat has published it."""

import rules

from imvo.accounts.rules import has_organization, is_company_member, is_secretariat
from imvo.governance.selectors import takes_part


@rules.predicate
def owns(user, obj) -> bool:
    """`obj` is a plan or a goal."""
    if obj is None:
        return False
    plan = getattr(obj, "plan", obj)
    return user.organization_id is not None and user.organization_id == plan.organization_id


@rules.predicate
def reads_aggregates(user, agreement) -> bool:
    """Every party, the core group, the government observer and the secretariat (art. 12)."""
    return agreement is not None and takes_part(user=user, agreement=agreement)


rules.add_perm("plans.view_index", has_organization)
rules.add_perm("plans.keep_plan", is_company_member)
rules.add_perm("plans.view_plan", is_secretariat | (owns & is_company_member))
rules.add_perm("plans.change_plan", owns & is_company_member)
rules.add_perm("plans.view_overview", is_secretariat)
rules.add_perm("plans.view_aggregated", reads_aggregates)
rules.add_perm("plans.build_aggregated", is_secretariat)
